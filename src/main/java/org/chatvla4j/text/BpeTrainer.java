package org.chatvla4j.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Byte-pair-encoding training over a word-frequency table (Sennrich et al. 2016): start from single characters,
 * repeatedly merge the most frequent adjacent pair. Ties go to the lexicographically smallest pair, so the result
 * depends only on the table.
 */
final class BpeTrainer {
  /** One learned merge, in rank order. */
  record Merge(String left, String right) {
    String joined() {
      return left + right;
    }
  }

  private BpeTrainer() {}

  /**
   * Learns merges until {@code newTokens} distinct new tokens exist or no pair occurs twice.
   *
   * @param wordCounts pre-tokenized words and their (weighted) counts; a sorted map keeps iteration order fixed
   */
  static List<Merge> train(TreeMap<String, Long> wordCounts, int newTokens) {
    List<List<String>> words = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    wordCounts.forEach((word, count) -> {
      List<String> symbols = new ArrayList<>();
      word.codePoints().forEach(cp -> symbols.add(Character.toString(cp)));
      words.add(symbols);
      counts.add(count);
    });
    List<Merge> merges = new ArrayList<>();
    Set<String> made = new HashSet<>();
    while (made.size() < newTokens) {
      Map<Merge, Long> pairCounts = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        List<String> s = words.get(w);
        for (int i = 0; i + 1 < s.size(); i++) {
          pairCounts.merge(new Merge(s.get(i), s.get(i + 1)), counts.get(w), Long::sum);
        }
      }
      Merge best = null;
      long bestCount = 1; // a pair seen once is a whole word, not a shared piece
      for (Map.Entry<Merge, Long> e : pairCounts.entrySet()) {
        long c = e.getValue();
        if (c > bestCount || (c == bestCount && best != null && lessThan(e.getKey(), best))) {
          best = e.getKey();
          bestCount = c;
        }
      }
      if (best == null) {
        break;
      }
      merges.add(best);
      made.add(best.joined());
      for (List<String> s : words) {
        applyMerge(s, best);
      }
    }
    return merges;
  }

  private static boolean lessThan(Merge a, Merge b) {
    int c = a.left().compareTo(b.left());
    return c != 0 ? c < 0 : a.right().compareTo(b.right()) < 0;
  }

  private static void applyMerge(List<String> symbols, Merge m) {
    for (int i = 0; i + 1 < symbols.size(); i++) {
      if (symbols.get(i).equals(m.left()) && symbols.get(i + 1).equals(m.right())) {
        symbols.set(i, m.joined());
        symbols.remove(i + 1);
      }
    }
  }
}
