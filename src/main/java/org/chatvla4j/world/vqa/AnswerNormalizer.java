package org.chatvla4j.world.vqa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Canonical form of an answer for exact-match scoring, CLEVR's rules adapted as tabletop-benchmark.md §9 recommends:
 * lower-case; punctuation becomes a space (apostrophes vanish); the articles a/an/the go; number words 0–16 become
 * digits ("none" → 0); yes/no synonyms become yes/no, and an answer whose first word is yes or no is just that word
 * ("Yes, it is." → yes); "crescent" → moon, "middle"/"centre" → center, "upper"/"lower" → top/bottom, and region
 * phrases lose "corner" and "of board" with Language-Table's side names mapped ("left side" → center left,
 * "top side" → top). "block" is deliberately not a synonym of cube: Language-Table says "red block" for any red one.
 */
public final class AnswerNormalizer {
  private static final Set<String> ARTICLES = Set.of("a", "an", "the");
  private static final Map<String, String> WORDS = Map.ofEntries(
      Map.entry("zero", "0"), Map.entry("none", "0"), Map.entry("one", "1"), Map.entry("two", "2"),
      Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"), Map.entry("six", "6"),
      Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"), Map.entry("ten", "10"),
      Map.entry("eleven", "11"), Map.entry("twelve", "12"), Map.entry("thirteen", "13"),
      Map.entry("fourteen", "14"), Map.entry("fifteen", "15"), Map.entry("sixteen", "16"),
      Map.entry("yeah", "yes"), Map.entry("yep", "yes"), Map.entry("true", "yes"), Map.entry("correct", "yes"),
      Map.entry("nope", "no"), Map.entry("false", "no"), Map.entry("incorrect", "no"),
      Map.entry("crescent", "moon"), Map.entry("middle", "center"), Map.entry("centre", "center"),
      Map.entry("upper", "top"), Map.entry("lower", "bottom"));
  private static final Map<String, String> PHRASES = Map.of(
      "top side", "top", "bottom side", "bottom", "left side", "center left", "right side", "center right",
      "towards your base", "top", "left center", "center left", "right center", "center right");

  private AnswerNormalizer() {}

  public static String normalize(String answer) {
    if (answer == null) {
      return "";
    }
    String lower = answer.toLowerCase(Locale.ROOT).replace("'", "").replace("\u2019", "");
    StringBuilder cleaned = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      cleaned.append(Character.isLetterOrDigit(c) ? c : ' ');
    }
    List<String> tokens = new ArrayList<>();
    for (String t : cleaned.toString().trim().split("\\s+")) {
      if (t.isEmpty() || ARTICLES.contains(t)) {
        continue;
      }
      tokens.add(WORDS.getOrDefault(t, t));
    }
    if (tokens.isEmpty()) {
      return "";
    }
    if (tokens.get(0).equals("yes") || tokens.get(0).equals("no")) {
      return tokens.get(0);
    }
    String joined = String.join(" ", tokens);
    if (joined.endsWith(" of board")) {
      joined = joined.substring(0, joined.length() - " of board".length());
    }
    if (joined.endsWith(" corner")) {
      joined = joined.substring(0, joined.length() - " corner".length());
    }
    return PHRASES.getOrDefault(joined, joined);
  }

  /** Whether a prediction matches the gold answer after both are normalised. */
  public static boolean matches(String prediction, String gold) {
    return normalize(prediction).equals(normalize(gold));
  }
}
