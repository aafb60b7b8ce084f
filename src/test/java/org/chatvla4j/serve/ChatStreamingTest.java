package org.chatvla4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.chatvla4j.model.GenerationConfig;
import org.chatvla4j.policy.InferenceGate;
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
