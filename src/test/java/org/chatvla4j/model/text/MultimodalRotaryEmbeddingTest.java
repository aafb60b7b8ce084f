package org.chatvla4j.model.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.Presets;
import org.chatvla4j.config.TextConfig;
import org.chatvla4j.nn.RotaryEmbedding;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

class MultimodalRotaryEmbeddingTest {
  @Test
  void equalAxesReduceToOneDimensionalRotary() {
    TextConfig config = Presets.qwen2Vl2b().text(); // Hd 128, sections [16, 24, 24], θ 1e6
    try (Scope s = Scope.open()) {
      MultimodalRotaryEmbedding mrope = new MultimodalRotaryEmbedding(config);
      long[] pos = {0, 1, 2, 7, 100, 4095};
      long[] three = new long[18];
      for (int axis = 0; axis < 3; axis++) {
        System.arraycopy(pos, 0, three, axis * 6, 6);
      }
      Tensor[] m = mrope.cosSin(Tensors.fromLongs(three, 3, 2, 3));
      Tensor[] r = RotaryEmbedding.cosSin(Tensors.fromLongs(pos, 2, 3), RotaryEmbedding.inverseFrequencies(128, 1e6));
      assertArrayEquals(Tensors.toFloats(r[0]), Tensors.toFloats(m[0]));
      assertArrayEquals(Tensors.toFloats(r[1]), Tensors.toFloats(m[1]));
    }
  }

  @Test
  void eachFrequencyReadsItsSectionsAxis() {
    TextConfig config = Presets.tiny().text(); // Hd 16, sections [2, 3, 3], θ 1e4
    long tPos = 5, hPos = 11, wPos = 23;
    try (Scope s = Scope.open()) {
      MultimodalRotaryEmbedding mrope = new MultimodalRotaryEmbedding(config);
      Tensor[] cs = mrope.cosSin(Tensors.fromLongs(new long[] {tPos, hPos, wPos}, 3, 1, 1));
      float[] cos = Tensors.toFloats(cs[0]);
      float[] sin = Tensors.toFloats(cs[1]);
      assertEquals(16, cos.length);
      for (int j = 0; j < 16; j++) {
        int i = j % 8; // both halves carry the same frequency
        long p = i < 2 ? tPos : i < 5 ? hPos : wPos;
        double angle = p * Math.pow(1e4, -2.0 * i / 16);
        assertEquals(Math.cos(angle), cos[j], 1e-5, "cos column " + j);
        assertEquals(Math.sin(angle), sin[j], 1e-5, "sin column " + j);
      }
    }
  }
}
