package org.chatvla4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.text.QwenTokens;
import org.chatvla4j.text.Tokenizer;
import org.junit.jupiter.api.Test;

/** How generated tokens become streamed text: what is held back, when it is released, and that the pieces join up. */
class AnswerDeltasTest {
  static final Tokenizer TINY = Tokenizer.tiny();

  /** Feeds {@code tokens} one by one; element i of the result is what token i released ("" if nothing), the last is finish's. */
  static List<String> released(Tokenizer tok, long[] tokens, List<String> stops, StringBuilder answer) {
    List<String> out = new ArrayList<>();
    StringBuilder step = new StringBuilder();
    AnswerDeltas a = new AnswerDeltas(tok, stops, d -> {
      assertFalse(d.isEmpty(), "no empty deltas");
      step.append(d);
    });
    for (long t : tokens) {
      a.accept(t);
      out.add(step.toString());
      step.setLength(0);
    }
    answer.append(a.finish());
    out.add(step.toString());
    assertEquals(answer.toString(), String.join("", out), "the pieces join to the answer");
    return out;
  }

  static long[] ids(String text) {
    return TINY.encode(text);
  }

  @Test
  void eachTokenReleasesItsTextAndSpecialTokensStayHidden() {
    long imEnd = TINY.tokenToId(QwenTokens.IM_END);
    long[] words = ids("the red moon is left of the blue cube");
    long[] tokens = java.util.Arrays.copyOf(words, words.length + 1);
    tokens[words.length] = imEnd;
    StringBuilder answer = new StringBuilder();
    List<String> out = released(TINY, tokens, List.of(), answer);
    assertEquals("the red moon is left of the blue cube", answer.toString());
    assertEquals(" cube", out.get(words.length - 1), "the last word goes out with its token, not at the end");
    assertEquals("", out.get(words.length), "<|im_end|> shows nothing");
    assertEquals("", out.getLast());
  }

  @Test
  void whitespaceIsHeldUntilTextFollowsAndDroppedAtTheEnds() {
    StringBuilder answer = new StringBuilder();
    long[] tokens = ids("\nred\n\nblue\n");
    List<String> out = released(TINY, tokens, List.of(), answer);
    assertEquals("red\n\nblue", answer.toString());
    assertEquals(List.of("", "red", "", "", "\n\nblue", "", ""), out, TINY.decode(tokens));
  }

  @Test
  void textThatMayStartAStopStringWaitsAndNothingOfTheStopIsSent() {
    long[] tokens = ids("the red moon is left of the blue cube and the red star");
    int blue = indexOfToken(tokens, "▁blue");
    StringBuilder cut = new StringBuilder();
    List<String> out = released(TINY, tokens, List.of("blue cube"), cut);
    assertEquals("the red moon is left of the ", cut.toString(), "cut before the stop; the space before it stays");
    assertEquals(" ", out.get(blue), "'blue' could begin 'blue cube': held; the space before it is certain");
    assertTrue(out.stream().noneMatch(d -> d.contains("b")), out.toString());

    StringBuilder kept = new StringBuilder();
    List<String> notStop = released(TINY, tokens, List.of("blue sky"), kept);
    assertEquals("the red moon is left of the blue cube and the red star", kept.toString());
    assertEquals(" ", notStop.get(blue), "'blue' held while it could still be 'blue sky'");
    assertEquals("blue cube", notStop.get(blue + 1), "released once it cannot");

    StringBuilder first = new StringBuilder();
    released(TINY, tokens, List.of("the red star", "red"), first);
    assertEquals("the ", first.toString(), "the stop completed first wins");
  }

  /** What accept returns for each token: whether the generation may go on. */
  static List<Boolean> goOn(long[] tokens, List<String> stops) {
    AnswerDeltas a = new AnswerDeltas(TINY, stops, d -> {});
    List<Boolean> out = new ArrayList<>();
    for (long t : tokens) {
      out.add(a.accept(t));
    }
    return out;
  }

  @Test
  void theTokenThatCompletesAStopStringIsTheLastOneAskedFor() {
    long[] tokens = ids("the red moon is left of the blue cube and the red star");
    int cube = indexOfToken(tokens, "▁cube");
    List<Boolean> cut = goOn(tokens, List.of("blue cube"));
    assertEquals(cube, cut.indexOf(false), "ends with ' cube', which completes the stop: " + cut);
    assertTrue(cut.subList(cube, cut.size()).stream().noneMatch(b -> b), "and says so for any token after it");
    assertFalse(goOn(tokens, List.of("blue sky")).contains(false), "a stop string never completed never ends it");

    // A stop in whitespace ends generation with its own token, though the text before it waits for what follows.
    long[] lines = ids("red\nblue\n");
    List<Boolean> atNewline = goOn(lines, List.of("\n"));
    assertEquals(1, atNewline.indexOf(false), TINY.decode(lines) + " " + atNewline);
    StringBuilder answer = new StringBuilder();
    released(TINY, lines, List.of("\n"), answer);
    assertEquals("red", answer.toString());
  }

  @Test
  void anIncompleteUtf8SequenceWaitsForItsLastByte() {
    // Byte-level BPE: "Ã" is the byte 0xC3, "©" 0xA9; together they are é. Alone, 0xC3 decodes to U+FFFD.
    Tokenizer bytes = Tokenizer.fromJson("""
        {"version": "1.0", "truncation": null, "padding": null, "normalizer": null, "post_processor": null,
         "added_tokens": [{"id": 5, "content": "<|im_end|>", "single_word": false, "lstrip": false, "rstrip": false,
                           "normalized": false, "special": true}],
         "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
         "decoder": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
         "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null,
                   "end_of_word_suffix": null, "fuse_unk": false, "byte_fallback": false,
                   "vocab": {"h": 0, "i": 1, "\u00c3": 2, "\u00a9": 3, "\u0120": 4}, "merges": []}}
        """, "byte-level test tokenizer");
    assertEquals("\uFFFD", bytes.decodeWithoutSpecialTokens(new long[] {2}), "the premise: a lone 0xC3 decodes to U+FFFD");
    StringBuilder answer = new StringBuilder();
    List<String> out = released(bytes, new long[] {0, 1, 4, 2, 3, 5}, List.of(), answer);
    assertEquals("hi é", answer.toString());
    assertEquals(List.of("h", "i", "", "", " é", "", ""), out);

    StringBuilder dangling = new StringBuilder();
    released(bytes, new long[] {0, 2}, List.of(), dangling);
    assertEquals("h\uFFFD", dangling.toString(), "with no byte left to come, U+FFFD is the text");
  }

  static int indexOfToken(long[] tokens, String token) {
    long id = TINY.tokenToId(token);
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] == id) {
        return i;
      }
    }
    throw new AssertionError(token + " not in " + java.util.Arrays.toString(tokens));
  }
}
