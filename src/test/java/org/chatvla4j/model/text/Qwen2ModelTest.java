package org.chatvla4j.model.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.ChatVlaConfig;
import org.chatvla4j.config.MoeConfig;
import org.chatvla4j.config.Presets;
import org.chatvla4j.config.TextConfig;
import org.chatvla4j.model.moe.ExpertRouting;
import org.chatvla4j.model.moe.StaticMoe;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Parameter;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** Sizes and names of the 2B decoder, MoE ≡ dense with copied experts, and gradient routing through the whole stack. */
class Qwen2ModelTest {
  private static final TextConfig TINY = Presets.tiny().text();

  @Test
  void qwen2Vl2bDecoderHasItsPublishedSize() {
    ChatVlaConfig dense = Presets.qwen2Vl2b();
    Qwen2VlLanguageModel lm = new Qwen2VlLanguageModel(Init.meta(DType.BF16), dense.text(), dense.moe());
    long count = lm.parameterCount();
    // embed 151936·1536 + 28 × (q 1536²+1536, k/v 2×(1536·256+256), o 1536², mlp 3·1536·8960, 2 norms) + norm
    long perLayer = (1536L * 1536 + 1536) + 2 * (1536L * 256 + 256) + 1536L * 1536 + 3L * 1536 * 8960 + 2 * 1536;
    assertEquals(151936L * 1536 + 28 * perLayer + 1536, count);
    assertEquals(1.5437e9, count, 1.5437e9 * 1e-3); // chatvla-paper.md §1.2, tied embeddings counted once
    Map<String, Parameter> params = lm.parameters();
    assertFalse(params.containsKey("lm_head.weight"));
    assertEquals(Map.of("lm_head.weight", "model.embed_tokens.weight"), lm.tiedParameters());
    assertTrue(params.containsKey("model.layers.27.self_attn.q_proj.bias"));
    assertFalse(params.containsKey("model.layers.0.self_attn.o_proj.bias"));
    assertTrue(params.containsKey("model.layers.0.mlp.gate_proj.weight"));
    assertEquals("[256, 1536]", java.util.Arrays.toString(params.get("model.layers.3.self_attn.k_proj.weight").shape()));

    ChatVlaConfig chatVla = Presets.chatVla2b();
    Qwen2VlLanguageModel moe = new Qwen2VlLanguageModel(Init.meta(DType.BF16), chatVla.text(), chatVla.moe());
    assertEquals(28L * 3 * 1536 * 8960, moe.parameterCount() - count);
    assertTrue(moe.parameters().containsKey("model.layers.27.static_expert.experts.1.down_proj.weight"));
    assertFalse(moe.parameters().keySet().stream().anyMatch(k -> k.contains(".mlp.")));
  }

  @Test
  void untiedHeadOwnsItsWeight() {
    TextConfig untied = new TextConfig(64, 128, 2, 4, 2, 1e-6, 1e4, new int[] {2, 3, 3}, 512, 2048, false);
    Qwen2VlLanguageModel lm = new Qwen2VlLanguageModel(Init.meta(DType.F32), untied, MoeConfig.dense());
    assertEquals("[512, 64]", java.util.Arrays.toString(lm.parameters().get("lm_head.weight").shape()));
    assertEquals(Map.of(), lm.tiedParameters());
  }

  @Test
  void moeWithCopiedExpertsEqualsTheDenseModel() {
    try (Scope s = Scope.open()) {
      Qwen2VlLanguageModel dense = new Qwen2VlLanguageModel(Init.cpu(DType.F32, 11), TINY, MoeConfig.dense());
      Qwen2VlLanguageModel moe = new Qwen2VlLanguageModel(Init.cpu(DType.F32, 12), TINY, MoeConfig.staticTwoExperts());
      TestWeights.load(moe, StaticMoe.initMoeFrom(TestWeights.stateDict(dense), MoeConfig.staticTwoExperts()));
      Tensor ids = Tensors.fromLongs(new long[] {10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25}, 2, 6);
      Tensor mask = Tensors.fromLongs(new long[] {1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1}, 2, 6);
      RopeIndex.Positions pos = new RopeIndex(Presets.tiny().tokens(), 2).computeTextOnly(ids, mask);
      ExpertRouting mixed = ExpertRouting.of(Task.UNDERSTANDING, Task.CONTROL);
      float[] want = Tensors.toFloats(dense.logits(dense.forward(dense.model().embed(ids), pos.positionIds(), mask, mixed)));
      float[] got = Tensors.toFloats(moe.logits(moe.forward(moe.model().embed(ids), pos.positionIds(), mask, mixed)));
      double maxDiff = 0;
      for (int i = 0; i < want.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
      }
      System.out.printf("MoE (copied experts) vs dense: max |Δlogit| = %.3g%n", maxDiff);
      assertTrue(maxDiff <= 1e-6, "max |dense − moe| = " + maxDiff);
    }
  }

  @Test
  void leftPaddingDoesNotChangeTheRealTokensOutputs() {
    try (Scope s = Scope.open()) {
      Qwen2VlLanguageModel lm = new Qwen2VlLanguageModel(Init.cpu(DType.F32, 14), TINY, MoeConfig.staticTwoExperts());
      RopeIndex rope = new RopeIndex(Presets.tiny().tokens(), 2);
      long[] real = {10, 11, 12, 13, 14};
      Tensor alone = Tensors.fromLongs(real, 1, 5);
      Tensor aloneMask = Tensors.fromLongs(new long[] {1, 1, 1, 1, 1}, 1, 5);
      float[] want = Tensors.toFloats(lm.logits(lm.forward(lm.model().embed(alone),
          rope.computeTextOnly(alone, aloneMask).positionIds(), aloneMask, ExpertRouting.of(Task.CONTROL))));
      // the same prompt left-padded by 3 inside a batch of two, next to a full-length understanding sample
      Tensor ids = Tensors.fromLongs(new long[] {0, 0, 0, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24, 25, 26, 27}, 2, 8);
      Tensor mask = Tensors.fromLongs(new long[] {0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 2, 8);
      Tensor logits = lm.logits(lm.forward(lm.model().embed(ids), rope.computeTextOnly(ids, mask).positionIds(), mask,
          ExpertRouting.of(Task.CONTROL, Task.UNDERSTANDING)));
      float[] got = Tensors.toFloats(logits.narrow(0, 0, 1).narrow(1, 3, 5));
      double maxDiff = 0;
      for (int i = 0; i < want.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
      }
      System.out.printf("left-padded vs alone: max |Δlogit| = %.3g%n", maxDiff);
      assertTrue(maxDiff <= 1e-5, "max |alone − padded| = " + maxDiff);
    }
  }

  @Test
  void bf16ForwardTracksFloat32() {
    try (Scope s = Scope.open()) {
      Qwen2VlLanguageModel f32 = new Qwen2VlLanguageModel(Init.cpu(DType.F32, 15), TINY, MoeConfig.staticTwoExperts());
      Qwen2VlLanguageModel bf16 = new Qwen2VlLanguageModel(Init.cpu(DType.F32, 15), TINY, MoeConfig.staticTwoExperts());
      bf16.to(DType.BF16);
      Tensor ids = Tensors.fromLongs(new long[] {10, 11, 12, 13, 20, 21, 22, 23}, 2, 4);
      Tensor mask = Tensors.fromLongs(new long[] {0, 1, 1, 1, 1, 1, 1, 1}, 2, 4);
      Tensor pos = new RopeIndex(Presets.tiny().tokens(), 2).computeTextOnly(ids, mask).positionIds();
      ExpertRouting routing = ExpertRouting.of(Task.UNDERSTANDING, Task.CONTROL);
      Tensor want = f32.logits(f32.forward(f32.model().embed(ids), pos, mask, routing));
      Tensor got = bf16.logits(bf16.forward(bf16.model().embed(ids), pos, mask, routing));
      assertEquals(DType.BF16, DType.of(got.scalar_type()));
      double scale = want.abs().max().item_double();
      double err = got.to(DType.F32.scalarType()).sub(want).abs().max().item_double();
      System.out.printf("bf16 vs f32 logits: max |Δ| = %.3g (max |logit| %.3g)%n", err, scale);
      assertTrue(err <= 0.05 * scale, "bf16 max |Δ| " + err + " vs scale " + scale);
    }
  }

  @Test
  void gradientsReachOnlyTheExpertOfTheSampleThatCarriesTheLoss() {
    try (Scope s = Scope.open()) {
      Qwen2VlLanguageModel lm = new Qwen2VlLanguageModel(Init.cpu(DType.F32, 13), TINY, MoeConfig.staticTwoExperts());
      Tensor ids = Tensors.fromLongs(new long[] {10, 11, 12, 13, 20, 21, 22, 23}, 2, 4);
      Tensor mask = Tensors.fromLongs(new long[] {1, 1, 1, 1, 1, 1, 1, 1}, 2, 4);
      RopeIndex.Positions pos = new RopeIndex(Presets.tiny().tokens(), 2).computeTextOnly(ids, mask);
      Tensor hidden = lm.forward(lm.model().embed(ids), pos.positionIds(), mask, ExpertRouting.of(Task.UNDERSTANDING, Task.CONTROL));
      lm.logits(hidden.narrow(0, 1, 1)).logsumexp(new long[] {-1}).sum().backward(); // loss on the control sample only
      int checked = 0;
      for (Parameter p : lm.parameters().values()) {
        Tensor g = p.tensor().grad();
        double norm = g.defined() ? g.abs().max().item_double() : 0.0;
        if (p.name().contains(".experts.0.")) {
          assertEquals(0.0, norm, p.name());
          checked++;
        } else if (p.name().contains(".experts.1.") || p.name().contains("self_attn")) {
          assertTrue(norm > 0, p.name() + " should receive a gradient");
        }
      }
      assertEquals(2 * 3, checked);
    }
  }

  @Test
  void wrongShapesAreReportedByName() {
    try (Scope s = Scope.open()) {
      Qwen2VlLanguageModel lm = new Qwen2VlLanguageModel(Init.cpu(DType.F32, 1), TINY, MoeConfig.staticTwoExperts());
      Tensor embeds = Tensors.fromFloats(new float[2 * 3 * 64], 2, 3, 64);
      Tensor pos = Tensors.fromLongs(new long[3 * 2 * 3], 3, 2, 3);
      var mask = assertThrows(IllegalArgumentException.class,
          () -> lm.forward(embeds, pos, Tensors.fromLongs(new long[8], 2, 4), ExpertRouting.all(Task.CONTROL, 2)));
      assertTrue(mask.getMessage().startsWith("attention_mask: expected [B, S] = [2, 3]"), mask.getMessage());
      var routing = assertThrows(IllegalArgumentException.class,
          () -> lm.forward(embeds, pos, Tensors.fromLongs(new long[6], 2, 3), ExpertRouting.all(Task.CONTROL, 1)));
      assertTrue(routing.getMessage().contains("routing has 1 samples"), routing.getMessage());
    }
  }
}
