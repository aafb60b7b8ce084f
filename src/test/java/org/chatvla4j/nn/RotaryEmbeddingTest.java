package org.chatvla4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

class RotaryEmbeddingTest {
  @Test
  void rotatesPairsByPositionTimesFrequency() {
    int hd = 4;
    double theta = 10000;
    try (Scope s = Scope.open()) {
      Tensor inv = RotaryEmbedding.inverseFrequencies(hd, theta);
      float[] invF = Tensors.toFloats(inv);
      assertEquals(1.0, invF[0], 0);
      assertEquals(1.0 / 100.0, invF[1], 1e-9); // θ^(-2/4)
      Tensor pos = Tensors.fromLongs(new long[] {0, 3}, 1, 2);
      Tensor[] cs = RotaryEmbedding.cosSin(pos, inv);
      float[] x = {1, 2, 3, 4, 1, 2, 3, 4}; // [B=1, H=1, T=2, Hd=4]
      float[] y = Tensors.toFloats(RotaryEmbedding.apply(Tensors.fromFloats(x, 1, 1, 2, hd), cs[0], cs[1]));
      // position 0: identity
      for (int i = 0; i < 4; i++) {
        assertEquals(x[i], y[i], 1e-6);
      }
      // position 3: pairs (x0, x2) rotated by 3·1, (x1, x3) by 3·0.01
      double a0 = 3.0;
      double a1 = 0.03;
      assertEquals(1 * Math.cos(a0) - 3 * Math.sin(a0), y[4], 1e-5);
      assertEquals(2 * Math.cos(a1) - 4 * Math.sin(a1), y[5], 1e-5);
      assertEquals(3 * Math.cos(a0) + 1 * Math.sin(a0), y[6], 1e-5);
      assertEquals(4 * Math.cos(a1) + 2 * Math.sin(a1), y[7], 1e-5);
    }
  }
}
