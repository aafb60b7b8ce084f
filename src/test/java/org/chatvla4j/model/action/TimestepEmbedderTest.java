package org.chatvla4j.model.action;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** The sinusoidal timestep table against its closed form: [cos(t·f_i), sin(t·f_i)], f_i = 10000^(−i/half). */
class TimestepEmbedderTest {
  @Test
  void sinusoidalTableIsCosThenSin() {
    long[] t = {0, 1, 37, 99};
    try (Scope s = Scope.open()) {
      float[] emb = Tensors.toFloats(TimestepEmbedder.sinusoidal(Tensors.fromLongs(t, 4), 256, 10_000));
      assertEquals(4 * 256, emb.length);
      for (int b = 0; b < 4; b++) {
        for (int i = 0; i < 128; i++) {
          double arg = t[b] * Math.exp(-Math.log(10_000) * i / 128);
          // float32 argument of up to 99 rad: 1 ulp ≈ 7.6e-6 rad
          assertEquals(Math.cos(arg), emb[b * 256 + i], 2e-5, "cos t=" + t[b] + " i=" + i);
          assertEquals(Math.sin(arg), emb[b * 256 + 128 + i], 2e-5, "sin t=" + t[b] + " i=" + i);
        }
      }
    }
  }

  @Test
  void oddWidthIsZeroPadded() {
    try (Scope s = Scope.open()) {
      float[] emb = Tensors.toFloats(TimestepEmbedder.sinusoidal(Tensors.fromLongs(new long[] {5}, 1), 7, 10_000));
      assertEquals(7, emb.length);
      for (int i = 0; i < 3; i++) {
        double arg = 5 * Math.exp(-Math.log(10_000) * i / 3);
        assertEquals(Math.cos(arg), emb[i], 1e-6);
        assertEquals(Math.sin(arg), emb[3 + i], 1e-6);
      }
      assertEquals(0f, emb[6]);
    }
  }
}
