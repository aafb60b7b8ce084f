package org.chatvla4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.text.Message;
import org.junit.jupiter.api.Test;

/**
 * The per-token hook of {@link ChatVlaModel#generate}: it hears every token in order and changes nothing generated,
 * except that one returning false ends generation with the token it heard.
 */
class GenerateTokenListenerTest {
  static final class Stop extends RuntimeException {}

  @Test
  void listenerHearsExactlyTheGeneratedTokensAndChangesNothing() {
    try (Scope s = Scope.open()) {
      ChatVla vla = ChatVlaTest.tiny(11);
      ProcessedImages px = vla.imageProcessor().preprocess(List.of(ChatVlaTest.image(56, 56, 5)));
      VlaInputs in = vla.inputs(vla.prompts().generationPrompt(List.of(Message.user(ChatVla.grids(px), "what color is the moon?"))), px);
      long eos = vla.model().config().tokens().eos();
      // Sampled (the listener must not disturb the random stream) and greedy with a stop token.
      for (GenerationConfig cfg : List.of(new GenerationConfig(40, 1.0, 0.9, Set.of()), GenerationConfig.greedy(40, Set.of(eos)))) {
        Generation plain = vla.model().generate(in, Task.UNDERSTANDING, cfg, new SplittableRandom(7));
        List<Long> heard = new ArrayList<>();
        Generation watched = vla.model().generate(in, Task.UNDERSTANDING, cfg, new SplittableRandom(7), heard::add);
        assertArrayEquals(watched.tokens(), heard.stream().mapToLong(Long::longValue).toArray(), "heard = returned, in order");
        assertArrayEquals(plain.tokens(), watched.tokens());
        assertEquals(plain.stopped(), watched.stopped());
        assertArrayEquals(Tensors.toFloats(plain.promptHidden()), Tensors.toFloats(watched.promptHidden()), "bitwise");
        assertArrayEquals(Tensors.toFloats(plain.generatedHidden()), Tensors.toFloats(watched.generatedHidden()), "bitwise");
        assertTrue(plain.tokens().length >= 2, cfg + " generated " + plain.tokens().length + " tokens");
      }
    }
  }

  @Test
  void aListenerThatReturnsFalseMakesItsTokenTheLastAndTheRestMatchesTheFullGeneration() {
    try (Scope s = Scope.open()) {
      ChatVla vla = ChatVlaTest.tiny(11);
      VlaInputs in = vla.inputs(vla.prompts().generationPrompt(List.of(Message.user(List.of(), "what color is the moon?"))));
      GenerationConfig cfg = new GenerationConfig(40, 1.0, 1.0, Set.of());
      Generation full = vla.model().generate(in, Task.UNDERSTANDING, cfg, new SplittableRandom(3));
      assertEquals(40, full.tokens().length, "the premise: no stop token, the whole budget");
      assertFalse(full.stopped());
      int[] heard = {0};
      Generation cut = vla.model().generate(in, Task.UNDERSTANDING, cfg, new SplittableRandom(3), t -> ++heard[0] < 5);
      assertEquals(5, heard[0], "not asked again after it said stop");
      assertArrayEquals(Arrays.copyOf(full.tokens(), 5), cut.tokens());
      assertTrue(cut.stopped(), "ended by the listener, not by the budget");
      long d = full.generatedHidden().size(2);
      assertArrayEquals(new long[] {1, 5, d}, cut.generatedHidden().sizes().vec().get(), "the last token was fed back too");
      assertArrayEquals(Tensors.toFloats(full.generatedHidden().narrow(1, 0, 5)), Tensors.toFloats(cut.generatedHidden()), "bitwise");
    }
  }

  @Test
  void aThrowingListenerEndsTheGenerationAtThatToken() {
    try (Scope s = Scope.open()) {
      ChatVla vla = ChatVlaTest.tiny(11);
      VlaInputs in = vla.inputs(vla.prompts().generationPrompt(List.of(Message.user(List.of(), "what color is the moon?"))));
      GenerationConfig cfg = new GenerationConfig(40, 1.0, 1.0, Set.of());
      long[] full = vla.model().generate(in, Task.UNDERSTANDING, cfg, new SplittableRandom(3)).tokens();
      List<Long> heard = new ArrayList<>();
      Stop stop = new Stop();
      Stop thrown = assertThrows(Stop.class, () -> vla.model().generate(in, Task.UNDERSTANDING, cfg, new SplittableRandom(3), t -> {
        heard.add(t);
        if (heard.size() == 3) {
          throw stop;
        }
        return true;
      }));
      assertSame(stop, thrown);
      assertEquals(List.of(full[0], full[1], full[2]), heard, "no token after the one whose listener threw");
      // The model is usable again at once (its cache and scopes were released).
      assertArrayEquals(full, vla.model().generate(in, Task.UNDERSTANDING, cfg, new SplittableRandom(3)).tokens());
    }
  }
}
