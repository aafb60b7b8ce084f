package org.chatvla4j.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds {@code src/main/resources/org/chatvla4j/text/tiny-tokenizer.json}, the 512-id tabletop tokenizer, from the
 * word lists of {@link TabletopCorpus}. Deterministic: the same lists give the same bytes (a test checks the
 * committed file against this output).
 *
 * <p>Format: a Hugging Face BPE over characters, not bytes. Spaces become {@code ▁} and attach to the next word
 * (Metaspace, never prepended), newlines, ASCII punctuation and digits are split off, so every printable-ASCII text
 * round-trips exactly (case, spacing and punctuation kept) and only non-ASCII characters become {@code <unk>}.
 * Ids 0..14 are Qwen2-VL's special tokens and {@code <unk>}, in the order {@link org.chatvla4j.config.Presets#tiny()}
 * uses; then the 96 characters; then 401 merges learned from the corpus: first until every word of the tabletop
 * groups (instructions, reasoning, questions, answers, captions, chat scaffolding; each group weighted equally so
 * short groups still get whole-word tokens) is one token, then on everyday chat with the ids left.
 *
 * <p>Run: {@code java -cp target/classes:... org.chatvla4j.text.TinyTokenizerGenerator [output.json]}.
 */
public final class TinyTokenizerGenerator {
  /** Total ids, which {@code Presets.tiny()}'s vocab_size must equal. */
  public static final int VOCAB_SIZE = 512;
  static final String SPACE = "▁";
  static final String UNK = "<unk>";
  /** Special tokens at ids 0.. in this order. */
  static final List<String> SPECIALS = List.of(QwenTokens.END_OF_TEXT, QwenTokens.IM_START, QwenTokens.IM_END,
      QwenTokens.VISION_START, QwenTokens.VISION_END, QwenTokens.IMAGE_PAD, QwenTokens.VIDEO_PAD,
      QwenTokens.VISION_PAD, QwenTokens.OBJECT_REF_START, QwenTokens.OBJECT_REF_END, QwenTokens.BOX_START,
      QwenTokens.BOX_END, QwenTokens.QUAD_START, QwenTokens.QUAD_END, UNK);
  private static final long GROUP_WEIGHT = 1_000_000L;
  // Larger than the summed weight of all chat words (<= GROUP_WEIGHT), so one tabletop occurrence outranks them all.
  private static final long TABLETOP_PRIORITY = 10_000_000L;
  private static final Path DEFAULT_OUTPUT = Path.of("src/main/resources/org/chatvla4j/text/tiny-tokenizer.json");

  private TinyTokenizerGenerator() {}

  public static void main(String[] args) throws IOException {
    Path out = args.length > 0 ? Path.of(args[0]) : DEFAULT_OUTPUT;
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.writeString(tmp, json(), StandardCharsets.UTF_8);
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** The base alphabet: {@code ▁}, newline, then printable ASCII without the space. */
  static List<String> alphabet() {
    List<String> out = new ArrayList<>(List.of(SPACE, "\n"));
    for (char c = '!'; c <= '~'; c++) {
      out.add(Character.toString(c));
    }
    return out;
  }

  /** The tokenizer.json text. */
  public static String json() {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    SPECIALS.forEach(t -> vocab.put(t, vocab.size()));
    alphabet().forEach(t -> vocab.put(t, vocab.size()));
    List<BpeTrainer.Merge> merges = BpeTrainer.train(weightedWordCounts(), VOCAB_SIZE - vocab.size());
    for (BpeTrainer.Merge m : merges) {
      vocab.putIfAbsent(m.joined(), vocab.size());
    }
    return render(vocab, merges);
  }

  /**
   * Pre-tokenized words and their weights: each tabletop group scaled to the same total, times
   * {@link #TABLETOP_PRIORITY} so that every tabletop pair outranks every pair of the everyday-chat group, which only
   * spends the merges left over once all tabletop words are whole tokens.
   */
  static TreeMap<String, Long> weightedWordCounts() {
    TreeMap<String, Long> total = new TreeMap<>();
    for (List<String> group : TabletopCorpus.groups()) {
      addGroup(total, group, GROUP_WEIGHT * TABLETOP_PRIORITY);
    }
    addGroup(total, TabletopCorpus.conversation(), GROUP_WEIGHT);
    return total;
  }

  private static void addGroup(TreeMap<String, Long> total, List<String> group, long weight) {
    TreeMap<String, Long> counts = new TreeMap<>();
    long n = 0;
    for (String sentence : group) {
      for (String word : preTokenize(sentence)) {
        counts.merge(word, 1L, Long::sum);
        n++;
      }
    }
    long groupTokens = n;
    counts.forEach((w, c) -> total.merge(w, Math.max(1, c * weight / groupTokens), Long::sum));
  }

  /**
   * The same split as the file's pre-tokenizer (newline isolated, Metaspace merged-with-next, punctuation isolated,
   * digits one by one), used only to count words for training; encoding itself runs in the tokenizers library.
   */
  static List<String> preTokenize(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("((?<=\n)|(?=\n))")) {
      if (line.equals("\n")) {
        out.add(line);
        continue;
      }
      for (String word : line.replace(" ", SPACE).split("(?=" + SPACE + ")")) {
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
          char c = word.charAt(i);
          if (isAsciiPunctuation(c) || Character.isDigit(c)) {
            if (!piece.isEmpty()) {
              out.add(piece.toString());
              piece.setLength(0);
            }
            out.add(Character.toString(c));
          } else {
            piece.append(c);
          }
        }
        if (!piece.isEmpty()) {
          out.add(piece.toString());
        }
      }
    }
    return out;
  }

  private static boolean isAsciiPunctuation(char c) {
    return c >= '!' && c <= '~' && !Character.isLetterOrDigit(c);
  }

  private static String render(Map<String, Integer> vocab, List<BpeTrainer.Merge> merges) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n  \"added_tokens\": [\n");
    for (int i = 0; i < SPECIALS.size(); i++) {
      sb.append("    {\"id\": ").append(i).append(", \"content\": ").append(quote(SPECIALS.get(i)))
          .append(", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false,")
          .append(" \"special\": true}").append(i + 1 < SPECIALS.size() ? ",\n" : "\n");
    }
    String metaspace = "{\"type\": \"Metaspace\", \"replacement\": \"" + SPACE + "\", \"prepend_scheme\": \"never\","
        + " \"split\": true}";
    sb.append("  ],\n  \"normalizer\": null,\n  \"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [\n")
        .append("    {\"type\": \"Split\", \"pattern\": {\"String\": \"\\n\"}, \"behavior\": \"Isolated\", \"invert\": false},\n")
        .append("    ").append(metaspace).append(",\n")
        .append("    {\"type\": \"Punctuation\", \"behavior\": \"Isolated\"},\n")
        .append("    {\"type\": \"Digits\", \"individual_digits\": true}\n  ]},\n")
        .append("  \"post_processor\": null,\n  \"decoder\": ").append(metaspace).append(",\n")
        .append("  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n    \"unk_token\": \"").append(UNK)
        .append("\",\n    \"continuing_subword_prefix\": null,\n    \"end_of_word_suffix\": null,\n")
        .append("    \"fuse_unk\": true,\n    \"byte_fallback\": false,\n    \"ignore_merges\": false,\n")
        .append("    \"vocab\": {\n");
    int n = 0;
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      sb.append("      ").append(quote(e.getKey())).append(": ").append(e.getValue())
          .append(++n < vocab.size() ? ",\n" : "\n");
    }
    sb.append("    },\n    \"merges\": [\n");
    for (int i = 0; i < merges.size(); i++) {
      BpeTrainer.Merge m = merges.get(i);
      sb.append("      [").append(quote(m.left())).append(", ").append(quote(m.right())).append("]")
          .append(i + 1 < merges.size() ? ",\n" : "\n");
    }
    sb.append("    ]\n  }\n}\n");
    return sb.toString();
  }

  private static String quote(String s) {
    try {
      return new ObjectMapper().writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
