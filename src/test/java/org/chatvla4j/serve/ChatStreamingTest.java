package org.chatvla4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.chatvla4j.model.GenerationConfig;
import org.chatvla4j.policy.InferenceGate;
import org.chatvla4j.text.Tokenizer;
import org.junit.jupiter.api.Test;

/** {@link ChatService#stream} against {@link ChatService#complete} on the tiny checkpoint: same seed, same answer. */
class ChatStreamingTest {
  static final List<ChatTurn> ASK = List.of(ChatTurn.user(List.of(TinyCheckpoint.image(56, 56, 5)), "what color is the moon?"));
  /** Sampled, so the tiny random model says a few dozen words rather than repeating one. */
  static final GenerationConfig SAMPLED = new GenerationConfig(40, 1.0, 1.0, Set.of());

  final TokenTap tap = new TokenTap();
  final ChatService chat = new ChatService(TinyCheckpoint.load(), new InferenceGate(), tap);

  List<String> streamed(List<String> stops, long seed, List<ChatService.Completion> result) {
    List<String> deltas = new ArrayList<>();
    result.add(chat.stream(ASK, SAMPLED, stops, new SplittableRandom(seed), deltas::add));
    return deltas;
  }

  @Test
  void streamedDeltasJoinToTheCompletionWithAndWithoutAStopString() {
    ChatService.Completion whole = chat.complete(ASK, SAMPLED, List.of(), new SplittableRandom(21));
    String content = whole.text();
    assertTrue(content.length() > 40 && content.contains(" "), "the premise: a long answer, got '" + content + "'");

    List<ChatService.Completion> r = new ArrayList<>();
    List<String> deltas = streamed(List.of(), 21, r);
    assertEquals(content, String.join("", deltas));
    assertEquals(whole, r.getFirst(), "same text, token counts and finish reason");
    assertTrue(deltas.size() > 5, "many pieces, not one: " + deltas);

    // A stop string from the answer's middle that spans a word boundary, so it arrives over several tokens.
    int space = content.indexOf(' ', content.length() / 2);
    String stop = content.substring(space - 2, space + 3);
    String before = content.substring(0, content.indexOf(stop));
    ChatService.Completion cut = chat.complete(ASK, SAMPLED, List.of(stop), new SplittableRandom(21));
    assertEquals(before, cut.text());
    assertEquals("stop", cut.finishReason());
    List<String> cutDeltas = streamed(List.of(stop), 21, r);
    assertEquals(before, String.join("", cutDeltas), "stop '" + stop + "' in '" + content + "'");
    assertEquals(cut, r.getLast());
    // Joined they end right before the stop string, so no piece carried any of it (nor anything after it).
    assertFalse(cutDeltas.stream().anyMatch(d -> d.contains(stop)));
  }

  /** How many of {@code tokens} the answer needs before its text contains {@code stop} (0 if it never does). */
  static int tokensUntil(long[] tokens, String stop) {
    for (int k = 1; k <= tokens.length; k++) {
      if (Tokenizer.tiny().decodeWithoutSpecialTokens(Arrays.copyOf(tokens, k)).contains(stop)) {
        return k;
      }
    }
    return 0;
  }

  @Test
  void aStopStringEndsTheGenerationItselfStreamedOrNot() {
    // Greedy, the tiny model repeats a word then moves on to the next: "not not … notlolo…lo up up …".
    GenerationConfig greedy = GenerationConfig.greedy(40, Set.of());
    tap.reset();
    ChatService.Completion whole = chat.complete(ASK, greedy, List.of(), new SplittableRandom(1));
    long[] all = tap.tokens();
    // Spans the boundary between two tokens, so it is completed by the first " up".
    String stop = "lo up";
    int k = tokensUntil(all, stop);
    assertEquals(40, whole.completionTokens());
    assertEquals("length", whole.finishReason());
    assertTrue(k > 5 && k < 40, "the premise: '" + stop + "' completes mid-answer, at token " + k + " of '" + whole.text() + "'");

    tap.reset();
    ChatService.Completion cut = chat.complete(ASK, greedy, List.of(stop), new SplittableRandom(1));
    assertEquals(k, tap.count(), "the model generated up to the token that completed the stop and no further");
    assertArrayEquals(Arrays.copyOf(all, k), tap.tokens());
    assertEquals(k, cut.completionTokens(), "usage counts the tokens generated");
    assertEquals(whole.promptTokens(), cut.promptTokens());
    assertEquals("stop", cut.finishReason());
    assertEquals(whole.text().substring(0, whole.text().indexOf(stop)), cut.text());

    tap.reset();
    List<String> deltas = new ArrayList<>();
    ChatService.Completion streamed = chat.stream(ASK, greedy, List.of(stop), new SplittableRandom(1), deltas::add);
    assertEquals(k, tap.count());
    assertEquals(cut, streamed, "same text, token counts and finish reason as the plain completion");
    assertEquals(cut.text(), String.join("", deltas));
  }

  @Test
  void aDeltaConsumerThatThrowsEndsTheGenerationAndFreesTheModel() {
    chat.complete(ASK, SAMPLED, List.of(), new SplittableRandom(21));
    int full = tap.count();
    tap.reset();
    List<String> got = new ArrayList<>();
    assertThrows(ClientGone.class, () -> chat.stream(ASK, SAMPLED, List.of(), new SplittableRandom(21), d -> {
      got.add(d);
      if (got.size() == 2) {
        throw new ClientGone(new java.io.IOException("test: the client left"));
      }
    }));
    assertTrue(tap.count() < full, "stopped after " + tap.count() + " of " + full + " tokens");
    assertEquals(2, got.size());
    // The gate was released: the next request is answered.
    assertEquals(full, chat.complete(ASK, SAMPLED, List.of(), new SplittableRandom(21)).completionTokens());
  }
}
