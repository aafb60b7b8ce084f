package org.chatvla4j.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.config.Presets;
import org.chatvla4j.config.VisionConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** The tower on the tiny preset: HF names, shapes, per-image attention, Conv3d equivalence, 2B parameter count. */
class VisionTransformerTest {
  private static final VisionConfig TINY = Presets.tiny().vision();

  private static float[] random(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return a;
  }

  private static Tensor grid(long[]... rows) {
    long[] flat = new long[rows.length * 3];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, 3 * i, 3);
    }
    return Tensors.fromLongs(flat, rows.length, 3);
  }

  @Test
  void parameterNamesAreExactlyHuggingFaces() {
    try (Scope s = Scope.open()) {
      VisionTransformer tower = new VisionTransformer(Init.cpu(DType.F32, 1), TINY);
      List<String> expected = new ArrayList<>();
      expected.add("patch_embed.proj.weight");
      for (int i = 0; i < TINY.depth(); i++) {
        String b = "blocks." + i + ".";
        for (String n : List.of("norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias", "attn.qkv.weight",
            "attn.qkv.bias", "attn.proj.weight", "attn.proj.bias", "mlp.fc1.weight", "mlp.fc1.bias", "mlp.fc2.weight",
            "mlp.fc2.bias")) {
          expected.add(b + n);
        }
      }
      expected.addAll(List.of("merger.ln_q.weight", "merger.ln_q.bias", "merger.mlp.0.weight", "merger.mlp.0.bias",
          "merger.mlp.2.weight", "merger.mlp.2.bias"));
      assertEquals(expected, List.copyOf(tower.parameters().keySet()));
      // Shapes as in a Qwen2-VL checkpoint (Dv 32, patch elements 3·2·14·14 = 1176, merger 4·32 = 128 -> 64).
      assertArrayEquals(new long[] {32, 3, 2, 14, 14}, tower.parameters().get("patch_embed.proj.weight").shape());
      assertArrayEquals(new long[] {96, 32}, tower.parameters().get("blocks.0.attn.qkv.weight").shape());
      assertArrayEquals(new long[] {64, 32}, tower.parameters().get("blocks.1.mlp.fc1.weight").shape());
      assertArrayEquals(new long[] {128, 128}, tower.parameters().get("merger.mlp.0.weight").shape());
      assertArrayEquals(new long[] {64, 128}, tower.parameters().get("merger.mlp.2.weight").shape());
    }
  }

  @Test
  void tinyTowerMapsPatchesToMergedTokens() {
    try (Scope s = Scope.open()) {
      VisionTransformer tower = new VisionTransformer(Init.cpu(DType.F32, 2), TINY);
      tower.eval();
      long p = 1 * 4 * 6 + 2 * 2 * 2; // image (1, 4, 6) and a two-frame clip (2, 2, 2)
      Tensor px = Tensors.fromFloats(random(new SplittableRandom(3), (int) p * 1176), p, 1176);
      Tensor out = tower.forward(px, grid(new long[] {1, 4, 6}, new long[] {2, 2, 2}));
      Shapes.check("out", out, "P/4, D", p / 4, 64);
      float[] v = Tensors.toFloats(out);
      double sumSq = 0;
      for (float f : v) {
        assertTrue(Float.isFinite(f));
        sumSq += f * f;
      }
      assertTrue(sumSq > 1e-3, "output should not be all zeros, Σx² = " + sumSq);
    }
  }

  @Test
  void imagesInOneCallMatchEachImageAlone() {
    try (Scope s = Scope.open()) {
      VisionTransformer tower = new VisionTransformer(Init.cpu(DType.F32, 4), TINY);
      SplittableRandom r = new SplittableRandom(5);
      float[] a = random(r, 4 * 6 * 1176);
      float[] b = random(r, 2 * 4 * 1176);
      float[] ab = new float[a.length + b.length];
      System.arraycopy(a, 0, ab, 0, a.length);
      System.arraycopy(b, 0, ab, a.length, b.length);
      float[] alone1 = Tensors.toFloats(tower.forward(Tensors.fromFloats(a, 24, 1176), grid(new long[] {1, 4, 6})));
      float[] alone2 = Tensors.toFloats(tower.forward(Tensors.fromFloats(b, 8, 1176), grid(new long[] {1, 2, 4})));
      float[] both = Tensors.toFloats(
          tower.forward(Tensors.fromFloats(ab, 32, 1176), grid(new long[] {1, 4, 6}, new long[] {1, 2, 4})));
      assertEquals(alone1.length + alone2.length, both.length);
      double maxDiff = 0;
      for (int i = 0; i < both.length; i++) {
        float ref = i < alone1.length ? alone1[i] : alone2[i - alone1.length];
        maxDiff = Math.max(maxDiff, Math.abs(ref - both[i]));
      }
      assertTrue(maxDiff < 1e-5, "max |joint − alone| = " + maxDiff);
      // And attention really mixes patches within an image: changing one patch of image 1 moves image 1's tokens only.
      ab[0] += 1f;
      float[] perturbed = Tensors.toFloats(
          tower.forward(Tensors.fromFloats(ab, 32, 1176), grid(new long[] {1, 4, 6}, new long[] {1, 2, 4})));
      double moved1 = 0;
      double moved2 = 0;
      for (int i = 0; i < both.length; i++) {
        double d = Math.abs(perturbed[i] - both[i]);
        if (i < alone1.length) {
          moved1 = Math.max(moved1, d);
        } else {
          moved2 = Math.max(moved2, d);
        }
      }
      // window 0 holds patch 0, but other windows of image 1 change too only through attention
      double movedOtherWindows = 0;
      for (int i = 64; i < alone1.length; i++) {
        movedOtherWindows = Math.max(movedOtherWindows, Math.abs(perturbed[i] - both[i]));
      }
      assertTrue(moved1 > 1e-4 && movedOtherWindows > 1e-6, "image 1 must change: " + moved1 + ", " + movedOtherWindows);
      assertEquals(0.0, moved2, 0.0, "image 2 must not see image 1");
    }
  }

  @Test
  void patchEmbedIsTheStridedConv3d() {
    try (Scope s = Scope.open()) {
      PatchEmbed embed = new PatchEmbed(Init.cpu(DType.F32, 6), TINY);
      int p = 5;
      Tensor px = Tensors.fromFloats(random(new SplittableRandom(7), p * 1176), p, 1176);
      Tensor mine = embed.forward(px); // [P, Dv]
      Tensor w = embed.parameters().get("proj.weight").tensor();
      Tensor conv = torch.conv3d(px.view(p, 3, 2, 14, 14), w, new TensorOptional(), new long[] {2, 14, 14},
          new long[] {0, 0, 0}, new long[] {1, 1, 1}, 1); // [P, Dv, 1, 1, 1]
      float[] a = Tensors.toFloats(mine);
      float[] b = Tensors.toFloats(conv.view(p, 32));
      for (int i = 0; i < a.length; i++) {
        assertEquals(b[i], a[i], 1e-5, "element " + i);
      }
    }
  }

  @Test
  void quickGeluIsXTimesSigmoidOf1702X() {
    try (Scope s = Scope.open()) {
      float[] y = Tensors.toFloats(VisionMlp.quickGelu(Tensors.fromFloats(new float[] {-2f, 0f, 1f, 3f}, 4)));
      double[] x = {-2, 0, 1, 3};
      for (int i = 0; i < 4; i++) {
        assertEquals(x[i] / (1 + Math.exp(-1.702 * x[i])), y[i], 1e-6);
      }
      assertEquals(0.845796, y[2], 1e-6); // 1 · σ(1.702) = 1 / (1 + e^−1.702)
    }
  }

  @Test
  void qwen2Vl2bTowerHas0_6653BillionParameters() {
    try (Scope s = Scope.open()) {
      VisionTransformer tower = new VisionTransformer(Init.meta(DType.BF16), Presets.qwen2Vl2b().vision());
      long n = tower.parameterCount();
      // patch_embed 1280·1176 + 32 blocks · 19,677,440 + merger 34,087,936
      assertEquals(1_505_280L + 32L * 19_677_440L + 34_087_936L, n);
      assertEquals(665_271_296L, n);
      assertEquals(0.6653e9, n, 0.6653e9 * 0.001);
      assertEquals(32 * 12 + 7, tower.parameters().size());
    }
  }

  @Test
  void badGridsAreRejectedWithTheValues() {
    try (Scope s = Scope.open()) {
      VisionTransformer tower = new VisionTransformer(Init.cpu(DType.F32, 8), TINY);
      Tensor px = Tensors.fromFloats(new float[8 * 1176], 8, 1176);
      var e1 = assertThrows(IllegalArgumentException.class, () -> tower.forward(px, grid(new long[] {1, 2, 2})));
      assertTrue(e1.getMessage().contains("P=8") && e1.getMessage().contains("= 4"), e1.getMessage());
      var e2 = assertThrows(IllegalArgumentException.class, () -> tower.forward(px, grid(new long[] {1, 1, 8})));
      assertTrue(e2.getMessage().contains("[1, 1, 8]") && e2.getMessage().contains("spatial_merge_size 2"), e2.getMessage());
      var e3 = assertThrows(IllegalArgumentException.class,
          () -> tower.forward(px, Tensors.fromFloats(new float[] {1, 2, 4}, 1, 3)));
      assertTrue(e3.getMessage().contains("int64"), e3.getMessage());
    }
  }
}
