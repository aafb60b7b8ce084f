package org.chatvla4j.model.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.Presets;
import org.chatvla4j.config.VisionConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/**
 * VisionAttention against plain Java loops written from transformers' definition: qkv split as [P, 3, N, Hd], 2-D
 * rotate-half rotary with angle(d) = row·θ^(−4d/Hd) for d < Hd/4, column·θ^(−4(d−Hd/4)/Hd) for Hd/4 ≤ d < Hd/2
 * (repeated for the second half), softmax(q·k/√Hd) within each frame, then proj.
 */
class VisionAttentionTest {
  @Test
  void matchesNaiveLoopsOnTwoImagesAndTwoFrames() {
    VisionConfig cfg = Presets.tiny().vision(); // Dv 32, N 2, Hd 16
    long[][] grid = {{2, 2, 4}, {1, 4, 2}}; // segments 8, 8, 8
    int dv = cfg.embedDim();
    int n = cfg.numHeads();
    int hd = cfg.headDim();
    try (Scope s = Scope.open()) {
      VisionAttention attn = new VisionAttention(Init.cpu(DType.F32, 9), cfg);
      VisionGrid g = VisionGrid.of(grid, 2);
      int p = (int) g.patches();
      SplittableRandom r = new SplittableRandom(10);
      float[] x = new float[p * dv];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (r.nextDouble() * 2 - 1);
      }
      Tensor[] cs = new VisionRotaryEmbedding(hd).cosSin(g);
      float[] got = Tensors.toFloats(attn.forward(Tensors.fromFloats(x, p, dv), cs[0], cs[1], g.frameLengths()));

      float[] wqkv = Tensors.toFloats(attn.parameters().get("qkv.weight").tensor());
      float[] bqkv = Tensors.toFloats(attn.parameters().get("qkv.bias").tensor());
      float[] wo = Tensors.toFloats(attn.parameters().get("proj.weight").tensor());
      float[] bo = Tensors.toFloats(attn.parameters().get("proj.bias").tensor());
      double[][] qkv = new double[p][3 * dv];
      for (int i = 0; i < p; i++) {
        for (int o = 0; o < 3 * dv; o++) {
          double acc = bqkv[o];
          for (int k = 0; k < dv; k++) {
            acc += x[i * dv + k] * wqkv[o * dv + k];
          }
          qkv[i][o] = acc;
        }
      }
      long[] pos = g.patchPositions();
      double[][][] q = new double[n][p][hd];
      double[][][] k = new double[n][p][hd];
      double[][][] v = new double[n][p][hd];
      for (int i = 0; i < p; i++) {
        for (int h = 0; h < n; h++) {
          for (int d = 0; d < hd; d++) {
            v[h][i][d] = qkv[i][2 * dv + h * hd + d];
          }
          for (int d = 0; d < hd / 2; d++) {
            int quarter = hd / 4;
            double angle = d < quarter ? pos[2 * i] * Math.pow(10_000, -4.0 * d / hd)
                : pos[2 * i + 1] * Math.pow(10_000, -4.0 * (d - quarter) / hd);
            double c = Math.cos(angle);
            double sn = Math.sin(angle);
            for (int which = 0; which < 2; which++) {
              double a = qkv[i][which * dv + h * hd + d];
              double b = qkv[i][which * dv + h * hd + d + hd / 2];
              double[][][] dst = which == 0 ? q : k;
              dst[h][i][d] = a * c - b * sn;
              dst[h][i][d + hd / 2] = b * c + a * sn;
            }
          }
        }
      }
      double[][] ctx = new double[p][dv];
      int start = 0;
      for (long seg : g.frameLengths()) {
        for (int h = 0; h < n; h++) {
          for (int i = start; i < start + seg; i++) {
            double[] e = new double[(int) seg];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < seg; j++) {
              double dot = 0;
              for (int d = 0; d < hd; d++) {
                dot += q[h][i][d] * k[h][start + j][d];
              }
              e[j] = dot / Math.sqrt(hd);
              max = Math.max(max, e[j]);
            }
            double z = 0;
            for (int j = 0; j < seg; j++) {
              e[j] = Math.exp(e[j] - max);
              z += e[j];
            }
            for (int d = 0; d < hd; d++) {
              double acc = 0;
              for (int j = 0; j < seg; j++) {
                acc += e[j] / z * v[h][start + j][d];
              }
              ctx[i][h * hd + d] = acc;
            }
          }
        }
        start += (int) seg;
      }
      for (int i = 0; i < p; i++) {
        for (int o = 0; o < dv; o++) {
          double acc = bo[o];
          for (int kk = 0; kk < dv; kk++) {
            acc += ctx[i][kk] * wo[o * dv + kk];
          }
          assertEquals(acc, got[i * dv + o], 2e-5, "patch " + i + " channel " + o);
        }
      }
    }
  }
}
