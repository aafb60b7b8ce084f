package org.chatvla4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Patch order against a naive re-implementation of transformers' numpy steps: reshape the frames to
 * {@code (gt, tp, C, gh/m, m, p, gw/m, m, p)}, transpose {@code (0, 3, 6, 4, 7, 2, 1, 5, 8)}, flatten; done here with
 * explicit row-major strides.
 */
class PatchifyTest {
  /** numpy's {@code a.reshape(shape).transpose(perm).reshape(-1)} on a row-major array. */
  private static float[] reshapeTranspose(float[] a, int[] shape, int[] perm) {
    int n = shape.length;
    int[] strides = new int[n];
    strides[n - 1] = 1;
    for (int i = n - 2; i >= 0; i--) {
      strides[i] = strides[i + 1] * shape[i + 1];
    }
    int[] outShape = new int[n];
    for (int i = 0; i < n; i++) {
      outShape[i] = shape[perm[i]];
    }
    float[] out = new float[a.length];
    int[] idx = new int[n];
    for (int o = 0; o < out.length; o++) {
      int src = 0;
      for (int i = 0; i < n; i++) {
        src += idx[i] * strides[perm[i]];
      }
      out[o] = a[src];
      for (int i = n - 1; i >= 0; i--) { // odometer increment over the output shape
        if (++idx[i] < outShape[i]) {
          break;
        }
        idx[i] = 0;
      }
    }
    return out;
  }

  @Test
  void matchesNumpyReshapeTranspose() {
    int c = 3, tp = 2, p = 2, m = 2, h = 8, w = 12, frames = 4; // gt = 2, gh = 4, gw = 6
    float[][] fr = new float[frames][c * h * w];
    float[] all = new float[frames * c * h * w];
    for (int f = 0; f < frames; f++) {
      for (int i = 0; i < c * h * w; i++) {
        fr[f][i] = f * 10_000 + i; // every element distinct, so any misplacement shows
        all[f * c * h * w + i] = fr[f][i];
      }
    }
    float[] expected = reshapeTranspose(all, new int[] {2, tp, c, h / p / m, m, p, w / p / m, m, p},
        new int[] {0, 3, 6, 4, 7, 2, 1, 5, 8});
    assertArrayEquals(expected, Patchify.patchRows(fr, c, h, w, tp, p, m));
  }

  @Test
  void firstRowIsTheTopLeftPatchOfEveryChannelAndFrame() {
    int c = 1, tp = 2, p = 2, m = 2, h = 4, w = 4;
    float[] f0 = new float[16];
    float[] f1 = new float[16];
    for (int i = 0; i < 16; i++) {
      f0[i] = i;
      f1[i] = 100 + i;
    }
    float[] rows = Patchify.patchRows(new float[][] {f0, f1}, c, h, w, tp, p, m);
    // row 0 = patch (0, 0): frame 0 pixels (0,0),(0,1),(1,0),(1,1) then frame 1's; row 1 = patch (0, 1); row 2 = (1, 0)
    assertArrayEquals(new float[] {0, 1, 4, 5, 100, 101, 104, 105, 2, 3, 6, 7, 102, 103, 106, 107, 8, 9, 12, 13, 108, 109, 112,
        113, 10, 11, 14, 15, 110, 111, 114, 115}, rows);
  }

  @Test
  void rejectsSidesNotDivisibleByPatchTimesMerge() {
    assertThrows(IllegalArgumentException.class, () -> Patchify.patchRows(new float[][] {new float[36], new float[36]}, 1, 6, 6, 2, 2, 2));
    assertThrows(IllegalArgumentException.class, () -> Patchify.patchRows(new float[][] {new float[16]}, 1, 4, 4, 2, 2, 2));
  }
}
