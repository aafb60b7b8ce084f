package org.chatvla4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {
  @Test
  void greedyIsArgmax() {
    assertEquals(2, TokenSampler.pick(new float[] {0.1f, 3f, 5f, -1f}, GenerationConfig.greedy(4, Set.of()), new SplittableRandom(0)));
  }

  @Test
  void samplingFollowsSoftmaxAndTopPCutsTheTail() {
    // logits ln(0.5), ln(0.3), ln(0.2): probabilities 0.5, 0.3, 0.2
    float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
    int n = 200_000;
    int[] counts = new int[3];
    SplittableRandom rng = new SplittableRandom(42);
    GenerationConfig all = new GenerationConfig(4, 1.0, 1.0, Set.of());
    for (int i = 0; i < n; i++) {
      counts[(int) TokenSampler.pick(logits, all, rng)]++;
    }
    assertEquals(0.5, counts[0] / (double) n, 0.005);
    assertEquals(0.3, counts[1] / (double) n, 0.005);
    assertEquals(0.2, counts[2] / (double) n, 0.005);
    // top_p 0.8: keep {0.5, 0.3} renormalised to 0.625 / 0.375; the 0.2 token never appears
    counts = new int[3];
    GenerationConfig nucleus = new GenerationConfig(4, 1.0, 0.8, Set.of());
    for (int i = 0; i < n; i++) {
      counts[(int) TokenSampler.pick(logits, nucleus, rng)]++;
    }
    assertEquals(0, counts[2]);
    assertEquals(0.625, counts[0] / (double) n, 0.005);
  }

  @Test
  void sameSeedSameTokens() {
    float[] logits = {1, 2, 3, 4};
    GenerationConfig c = new GenerationConfig(4, 0.7, 0.9, Set.of());
    SplittableRandom a = new SplittableRandom(7);
    SplittableRandom b = new SplittableRandom(7);
    for (int i = 0; i < 50; i++) {
      assertEquals(TokenSampler.pick(logits, c, a), TokenSampler.pick(logits, c, b));
    }
  }

  @Test
  void badConfigsNameTheField() {
    assertEquals("top_p must be in (0, 1], got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new GenerationConfig(4, 1, 0, Set.of())).getMessage());
    assertEquals("max_new_tokens must be > 0, got 0",
        assertThrows(IllegalArgumentException.class, () -> new GenerationConfig(0, 1, 1, Set.of())).getMessage());
  }
}
