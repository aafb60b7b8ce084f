package org.chatvla4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chatvla4j.config.ChatVlaConfig;
import org.chatvla4j.config.Presets;
import org.junit.jupiter.api.Test;

/** The 512-id tabletop tokenizer: golden file, ids shared with Presets.tiny(), lossless round trips. */
class TinyTokenizerTest {
  private static final Tokenizer TINY = TokenizerFixtures.tiny();
  private static final int UNK = 14;

  static String committedJson() throws IOException {
    try (InputStream in = Tokenizer.class.getResourceAsStream("tiny-tokenizer.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void committedFileIsWhatTheGeneratorBuilds() throws IOException {
    assertEquals(TinyTokenizerGenerator.json(), committedJson(),
        "tiny-tokenizer.json is stale: run org.chatvla4j.text.TinyTokenizerGenerator");
  }

  @Test
  void vocabularyAndSpecialIdsMatchTheTinyPreset() {
    ChatVlaConfig tiny = Presets.tiny();
    assertEquals(512, TINY.vocabSize());
    assertEquals(tiny.text().vocabSize(), TINY.vocabSize());
    assertEquals(tiny.tokens(), TINY.specialTokens());
    assertEquals(0, TINY.tokenToId("<|endoftext|>"));
    assertEquals(1, TINY.tokenToId("<|im_start|>"));
    assertEquals(2, TINY.tokenToId("<|im_end|>"));
    assertEquals(5, TINY.tokenToId("<|image_pad|>"));
    assertEquals(UNK, TINY.tokenToId("<unk>"));
    for (int id = 0; id <= UNK; id++) {
      assertTrue(TINY.isSpecial(id), "id " + id);
    }
    assertEquals(15, TINY.tokenToId("▁"));
  }

  @Test
  void everyCorpusSentenceRoundTripsWithoutUnk() {
    List<String> all = new ArrayList<>();
    TabletopCorpus.groups().forEach(all::addAll);
    all.addAll(TabletopCorpus.reasoningSentences());
    all.addAll(TabletopCorpus.conversation());
    for (String s : all) {
      long[] ids = TINY.encode(s);
      assertEquals(s, TINY.decode(ids), "round trip");
      assertTrue(Arrays.stream(ids).noneMatch(id -> id == UNK), "<unk> in '" + s + "'");
    }
    assertEquals(20_232 + 673 + 807 + 48 + 195 + 6 + 673 + 27, all.size());
  }

  @Test
  void everyTabletopWordIsOneToken() {
    long sentences = 0;
    long tokens = 0;
    for (List<String> group : TabletopCorpus.groups()) {
      for (String s : group) {
        long[] ids = TINY.encode(s);
        assertEquals(TinyTokenizerGenerator.preTokenize(s).size(), ids.length, s);
        tokens += ids.length;
        sentences++;
      }
    }
    assertEquals(21_961, sentences);
    assertEquals(193_482, tokens); // 8.81 tokens per sentence
  }

  @Test
  void reasoningSentencesAreShortAndExact() {
    assertTokens("Move behind the red moon.", "Move", "▁behind", "▁the", "▁red", "▁moon", ".");
    assertTokens("Done.", "Done", ".");
    assertTokens("Next Action:", "Next", "▁Action", ":");
    assertTokens("push the red moon to the top left corner", "push", "▁the", "▁red", "▁moon", "▁to", "▁the", "▁top",
        "▁left", "▁corner");
    String push = "Push the red moon towards the top left corner.";
    assertEquals(push, TINY.decode(TINY.encode(push)));
    assertTrue(TINY.encode(push).length <= 10, "tokens " + TINY.encode(push).length);
  }

  @Test
  void chatTextParsesSpecialTokensAndSplitsNewlines() {
    long[] ids = TINY.encode("<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>Pick up the red cube<|im_end|>");
    assertArrayEquals(new long[] {1, TINY.tokenToId("user"), TINY.tokenToId("\n"), 3, 5, 4}, Arrays.copyOf(ids, 6));
    assertEquals(2, ids[ids.length - 1]);
    assertEquals("user\nPick up the red cube", TINY.decodeWithoutSpecialTokens(ids));
  }

  @Test
  void anyAsciiTextRoundTripsAndOnlyNonAsciiIsUnknown() {
    String text = "Hello, World!  Ask me: what is 3+4? (x_1 = 0.25 m)\n\tnext";
    long[] ids = TINY.encode(text.replace("\t", "")); // the tab is not in the alphabet
    assertEquals(text.replace("\t", ""), TINY.decode(ids));
    assertTrue(Arrays.stream(ids).noneMatch(id -> id == UNK));
    long[] cafe = TINY.encode("café");
    assertEquals(UNK, cafe[cafe.length - 1]);
    assertEquals("caf", TINY.decodeWithoutSpecialTokens(cafe));
  }

  @Test
  void mergesWrittenAsStringsGiveTheSameIds() throws IOException {
    try (Tokenizer legacy = Tokenizer.fromJson(QwenTokenizerTest.mergesAsStrings(committedJson()), "tiny, \"a b\" merges")) {
      for (String s : TabletopCorpus.reasoning()) {
        assertArrayEquals(TINY.encode(s), legacy.encode(s), s);
      }
    }
  }

  @Test
  void aTokenizerWithoutVisionTokensIsRejectedByName() throws IOException {
    String json = committedJson().replace("\"<|image_pad|>\"", "\"<|img|>\"");
    try (Tokenizer noImage = Tokenizer.fromJson(json, "no-image-pad/tokenizer.json")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, noImage::specialTokens);
      assertTrue(e.getMessage().contains("[<|image_pad|>]"), e.getMessage());
      assertTrue(e.getMessage().contains("no-image-pad/tokenizer.json"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> new PromptBuilder(noImage, ChatTemplate.qwen2Vl(), 2048));
    }
  }

  @Test
  void unreadableOrForeignFilesAreNamedInTheError() {
    java.io.UncheckedIOException missing = assertThrows(java.io.UncheckedIOException.class,
        () -> Tokenizer.load(java.nio.file.Path.of("/nonexistent/tokenizer.json")));
    assertTrue(missing.getMessage().contains("/nonexistent/tokenizer.json"), missing.getMessage());
    IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
        () -> Tokenizer.fromJson("{\"model_type\": \"qwen2_vl\"}", "config.json"));
    assertTrue(foreign.getMessage().contains("config.json") && foreign.getMessage().contains("model.vocab"),
        foreign.getMessage());
  }

  @Test
  void preTokenizerMirrorSplitsLikeTheFile() {
    assertEquals(List.of("Move", "▁behind", "▁the", "▁red", "▁moon", ".", "Next", "▁Action", ":"),
        TinyTokenizerGenerator.preTokenize("Move behind the red moon.Next Action:"));
    assertEquals(List.of("user", "\n", "a", "▁", "1", "2"), TinyTokenizerGenerator.preTokenize("user\na 12"));
  }

  private static void assertTokens(String text, String... tokens) {
    long[] ids = TINY.encode(text);
    String[] got = Arrays.stream(ids).mapToObj(TINY::idToToken).toArray(String[]::new);
    assertArrayEquals(tokens, got, text + " -> " + Arrays.toString(got));
    assertEquals(text, TINY.decode(ids));
  }
}
