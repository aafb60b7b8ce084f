package org.chatvla4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** SDPA against a naive loop implementation of softmax(q kᵀ/√d + mask) v with grouped key/value heads. */
class AttentionTest {
  private static final int B = 2, N = 4, K = 2, T = 5, HD = 8;

  private static float[] random(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return a;
  }

  /** Reference: allowed[t][s] decides which keys a query sees. */
  private static double[] naive(float[] q, float[] k, float[] v, int s, boolean[][][] allowed) {
    double[] out = new double[B * N * T * HD];
    for (int b = 0; b < B; b++) {
      for (int h = 0; h < N; h++) {
        int kh = h / (N / K);
        for (int t = 0; t < T; t++) {
          double[] score = new double[s];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < s; j++) {
            if (!allowed[b][t][j]) {
              score[j] = Double.NEGATIVE_INFINITY;
              continue;
            }
            double dot = 0;
            for (int d = 0; d < HD; d++) {
              dot += q[((b * N + h) * T + t) * HD + d] * k[((b * K + kh) * s + j) * HD + d];
            }
            score[j] = dot / Math.sqrt(HD);
            max = Math.max(max, score[j]);
          }
          double z = 0;
          for (int j = 0; j < s; j++) {
            score[j] = Math.exp(score[j] - max);
            z += score[j];
          }
          for (int d = 0; d < HD; d++) {
            double acc = 0;
            for (int j = 0; j < s; j++) {
              acc += score[j] / z * v[((b * K + kh) * s + j) * HD + d];
            }
            out[((b * N + h) * T + t) * HD + d] = acc;
          }
        }
      }
    }
    return out;
  }

  private static void assertClose(double[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5, "element " + i);
    }
  }

  @Test
  void causalGroupedQueryAttention() {
    SplittableRandom r = new SplittableRandom(1);
    float[] q = random(r, B * N * T * HD), k = random(r, B * K * T * HD), v = random(r, B * K * T * HD);
    boolean[][][] allowed = new boolean[B][T][T];
    for (int b = 0; b < B; b++) for (int t = 0; t < T; t++) for (int j = 0; j <= t; j++) allowed[b][t][j] = true;
    try (Scope s = Scope.open()) {
      Tensor out = Attention.causal(
          Tensors.fromFloats(q, B, N, T, HD), Tensors.fromFloats(k, B, K, T, HD), Tensors.fromFloats(v, B, K, T, HD));
      assertClose(naive(q, k, v, T, allowed), Tensors.toFloats(out));
    }
  }

  @Test
  void maskedAttentionWithPaddingAndLongerKeys() {
    int s = 7; // e.g. 2 cached positions + 5 new ones
    SplittableRandom r = new SplittableRandom(2);
    float[] q = random(r, B * N * T * HD), k = random(r, B * K * s * HD), v = random(r, B * K * s * HD);
    boolean[][][] allowed = new boolean[B][T][s];
    float[] mask = new float[B * T * s];
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < T; t++) {
        for (int j = 0; j < s; j++) {
          // causal over the cache offset, and sample 1's first key is padding
          allowed[b][t][j] = j <= t + 2 && !(b == 1 && j == 0);
          mask[(b * T + t) * s + j] = allowed[b][t][j] ? 1 : 0;
        }
      }
    }
    try (Scope sc = Scope.open()) {
      Tensor m = Tensors.fromFloats(mask, B, 1, T, s).gt(Tensors.scalar(0.5));
      Tensor out = Attention.masked(
          Tensors.fromFloats(q, B, N, T, HD), Tensors.fromFloats(k, B, K, s, HD), Tensors.fromFloats(v, B, K, s, HD), m);
      assertClose(naive(q, k, v, s, allowed), Tensors.toFloats(out));
    }
  }

  @Test
  void headCountsMustDivide() {
    try (Scope sc = Scope.open()) {
      var e = assertThrows(IllegalArgumentException.class, () -> Attention.full(
          Tensors.fromFloats(new float[3 * 2 * 4], 1, 3, 2, 4), Tensors.fromFloats(new float[2 * 2 * 4], 1, 2, 2, 4),
          Tensors.fromFloats(new float[2 * 2 * 4], 1, 2, 2, 4)));
      assertTrue(e.getMessage().contains("N=3") && e.getMessage().contains("K=2"), e.getMessage());
    }
  }
}
