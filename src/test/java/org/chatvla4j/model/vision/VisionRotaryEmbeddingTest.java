package org.chatvla4j.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** 2-D vision rotary: merge-window ordering of patch positions and the angle table, against hand-computed values. */
class VisionRotaryEmbeddingTest {
  /** A 2×4 patch grid, merge 2: two 2×2 windows, left one first, row-major inside each window. */
  private static final long[] POSITIONS_2X4 = {
    0, 0, 0, 1, 1, 0, 1, 1, // window (0, 0)
    0, 2, 0, 3, 1, 2, 1, 3, // window (0, 1)
  };

  @Test
  void patchPositionsFollowMergeWindows() {
    VisionGrid g = VisionGrid.of(new long[][] {{1, 2, 4}}, 2);
    assertArrayEquals(POSITIONS_2X4, g.patchPositions());
    // Two frames repeat the positions; a second image restarts at (0, 0).
    VisionGrid two = VisionGrid.of(new long[][] {{2, 2, 4}, {1, 2, 2}}, 2);
    long[] p = two.patchPositions();
    assertEquals(2 * (8 + 8 + 4), p.length);
    for (int i = 0; i < 16; i++) {
      assertEquals(POSITIONS_2X4[i], p[i]);
      assertEquals(POSITIONS_2X4[i], p[16 + i]);
    }
    assertArrayEquals(new long[] {0, 0, 0, 1, 1, 0, 1, 1}, java.util.Arrays.copyOfRange(p, 32, 40));
    assertArrayEquals(new long[] {8, 8, 4}, two.frameLengths());
    assertEquals(20, two.patches());
    assertEquals(4, two.maxSide());
  }

  @Test
  void anglesFor2x4GridWithHeadDim16() {
    // Hd 16: the table has Hd/2 = 8 angles, 4 for the row and 4 for the column, with frequencies
    // θ^(−2i/8) for θ = 10⁴, i = 0..3 = 1, 0.1, 0.01, 0.001.
    double[] inv = {1, 0.1, 0.01, 0.001};
    try (Scope s = Scope.open()) {
      VisionRotaryEmbedding rope = new VisionRotaryEmbedding(16);
      VisionGrid g = VisionGrid.of(new long[][] {{1, 2, 4}}, 2);
      Tensor a = rope.angles(g);
      Shapes.check("angles", a, "P, Hd/2", 8, 8);
      float[] v = Tensors.toFloats(a);
      for (int patch = 0; patch < 8; patch++) {
        long row = POSITIONS_2X4[2 * patch];
        long col = POSITIONS_2X4[2 * patch + 1];
        for (int i = 0; i < 4; i++) {
          assertEquals(row * inv[i], v[patch * 8 + i], 1e-6 * (1 + row), "patch " + patch + " row angle " + i);
          assertEquals(col * inv[i], v[patch * 8 + 4 + i], 1e-6 * (1 + col), "patch " + patch + " col angle " + i);
        }
      }
      // patch 5 sits at (row 0, column 3): angles [0, 0, 0, 0, 3, 0.3, 0.03, 0.003]
      assertEquals(3.0, v[5 * 8 + 4], 1e-6);
      assertEquals(0.3, v[5 * 8 + 5], 1e-6);
      Tensor[] cs = rope.cosSin(g);
      Shapes.check("cos", cs[0], "P, Hd", 8, 16);
      float[] cos = Tensors.toFloats(cs[0]);
      float[] sin = Tensors.toFloats(cs[1]);
      // patch 3 = (1, 1): cos(1) in slot 0 of both halves, sin(0.1) in slot 1 of the second half
      assertEquals(Math.cos(1), cos[3 * 16], 1e-6);
      assertEquals(Math.cos(1), cos[3 * 16 + 8], 1e-6);
      assertEquals(Math.sin(0.1), sin[3 * 16 + 8 + 1], 1e-6);
      assertEquals(Math.sin(1), sin[3 * 16 + 4], 1e-6);
    }
  }
}
