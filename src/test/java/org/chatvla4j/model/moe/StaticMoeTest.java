package org.chatvla4j.model.moe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.MoeConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Parameter;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** Per-sample routing of {@link StaticMoe}: outputs and gradients equal those of running each expert on its own rows. */
class StaticMoeTest {
  private static final int D = 8, F = 16, T = 3;

  private static Tensor randn(long seed, long... shape) {
    return Init.cpu(DType.F32, seed).normal(1.0, shape);
  }

  private static Map<String, float[]> grads(StaticMoe moe) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Parameter p : moe.parameters().values()) {
      Tensor g = p.tensor().grad();
      out.put(p.name(), g.defined() ? Tensors.toFloats(g) : new float[(int) p.numel()]);
    }
    return out;
  }

  @Test
  void mixedBatchGradientsEqualSingleExpertRuns() {
    try (Scope s = Scope.open()) {
      Tensor x = randn(1, 2, T, D);
      Tensor w = randn(2, 2, T, D);
      // MoE: sample 0 asks a question, sample 1 controls the robot
      StaticMoe moe = new StaticMoe(Init.cpu(DType.F32, 7), D, F, MoeConfig.staticTwoExperts());
      Tensor xa = x.clone().set_requires_grad(true);
      Tensor out = moe.forward(xa, ExpertRouting.of(Task.UNDERSTANDING, Task.CONTROL));
      out.mul(w).sum().backward();
      // reference: an identical module, each expert run directly on its own sample
      StaticMoe ref = new StaticMoe(Init.cpu(DType.F32, 7), D, F, MoeConfig.staticTwoExperts());
      Tensor xb = x.clone().set_requires_grad(true);
      Tensor y0 = ref.expert(0).forward(xb.narrow(0, 0, 1));
      Tensor y1 = ref.expert(1).forward(xb.narrow(0, 1, 1));
      y0.mul(w.narrow(0, 0, 1)).sum().add(y1.mul(w.narrow(0, 1, 1)).sum()).backward();

      assertArrayEquals(Tensors.toFloats(y0), Tensors.toFloats(out.narrow(0, 0, 1)));
      assertArrayEquals(Tensors.toFloats(y1), Tensors.toFloats(out.narrow(0, 1, 1)));
      Map<String, float[]> got = grads(moe);
      Map<String, float[]> want = grads(ref);
      assertEquals(want.keySet(), got.keySet());
      for (String name : want.keySet()) {
        assertArrayEquals(want.get(name), got.get(name), name);
        assertTrue(maxAbs(got.get(name)) > 0, name + " should receive a gradient");
      }
      assertArrayEquals(Tensors.toFloats(xb.grad()), Tensors.toFloats(xa.grad()));
    }
  }

  @Test
  void aLossOnTheControlSampleLeavesTheUnderstandingExpertUntouched() {
    try (Scope s = Scope.open()) {
      StaticMoe moe = new StaticMoe(Init.cpu(DType.F32, 3), D, F, MoeConfig.staticTwoExperts());
      Tensor out = moe.forward(randn(4, 2, T, D), ExpertRouting.of(Task.UNDERSTANDING, Task.CONTROL));
      out.narrow(0, 1, 1).square().sum().backward(); // only sample 1 (control) contributes
      grads(moe).forEach((name, g) -> {
        if (name.startsWith("experts.0.")) {
          assertEquals(0.0, maxAbs(g), name); // exactly zero (no gradient at all)
        } else {
          assertTrue(maxAbs(g) > 0, name);
        }
      });
    }
  }

  @Test
  void aBatchOnOneExpertRunsOnlyThatExpert() {
    try (Scope s = Scope.open()) {
      StaticMoe moe = new StaticMoe(Init.cpu(DType.F32, 5), D, F, MoeConfig.staticTwoExperts());
      Tensor x = randn(6, 3, T, D);
      Tensor out = moe.forward(x, ExpertRouting.all(Task.CONTROL, 3));
      assertArrayEquals(Tensors.toFloats(moe.expert(1).forward(x)), Tensors.toFloats(out));
      out.sum().backward();
      grads(moe).forEach((name, g) -> assertEquals(name.startsWith("experts.1."), maxAbs(g) > 0, name));
    }
  }

  @Test
  void expertsCarryTheirHuggingFaceNames() {
    StaticMoe moe = new StaticMoe(Init.meta(DType.BF16), 1536, 8960, MoeConfig.staticTwoExperts());
    assertEquals(List.of("experts.0.gate_proj.weight", "experts.0.up_proj.weight", "experts.0.down_proj.weight",
        "experts.1.gate_proj.weight", "experts.1.up_proj.weight", "experts.1.down_proj.weight"), List.copyOf(moe.parameters().keySet()));
    assertEquals(2L * 3 * 1536 * 8960, moe.parameterCount());
    assertArrayEquals(new long[] {1536, 8960}, moe.parameters().get("experts.1.down_proj.weight").shape());
  }

  @Test
  void routingMustMatchTheBatchAndTheExperts() {
    try (Scope s = Scope.open()) {
      StaticMoe moe = new StaticMoe(Init.cpu(DType.F32, 5), D, F, MoeConfig.staticTwoExperts());
      Tensor x = randn(6, 2, T, D);
      var size = assertThrows(IllegalArgumentException.class, () -> moe.forward(x, ExpertRouting.of(Task.CONTROL)));
      assertTrue(size.getMessage().contains("1 samples but the batch has B=2"), size.getMessage());
      var index = assertThrows(IllegalArgumentException.class, () -> moe.forward(x, ExpertRouting.ofExperts(0, 2)));
      assertTrue(index.getMessage().contains("names expert 2 but there are 2"), index.getMessage());
      assertThrows(IllegalArgumentException.class, () -> new StaticMoe(Init.meta(DType.F32), D, F, MoeConfig.dense()));
    }
  }

  @Test
  void initMoeFromCopiesEachDenseMlpIntoBothExperts() {
    try (Scope s = Scope.open()) {
      Tensor gate = Tensors.fromFloats(new float[] {1, 2}, 2, 1);
      Tensor embed = Tensors.fromFloats(new float[] {3}, 1, 1);
      Map<String, Tensor> dense = new LinkedHashMap<>();
      dense.put("model.embed_tokens.weight", embed);
      dense.put("model.layers.0.mlp.gate_proj.weight", gate);
      dense.put("model.layers.12.mlp.down_proj.weight", gate);
      Map<String, Tensor> moe = StaticMoe.initMoeFrom(dense, MoeConfig.staticTwoExperts());
      assertEquals(List.of("model.embed_tokens.weight",
          "model.layers.0.static_expert.experts.0.gate_proj.weight", "model.layers.0.static_expert.experts.1.gate_proj.weight",
          "model.layers.12.static_expert.experts.0.down_proj.weight", "model.layers.12.static_expert.experts.1.down_proj.weight"),
          List.copyOf(moe.keySet()));
      assertSame(gate, moe.get("model.layers.0.static_expert.experts.1.gate_proj.weight"));
      var none = assertThrows(IllegalArgumentException.class, () -> StaticMoe.initMoeFrom(Map.of("model.norm.weight", embed), MoeConfig.staticTwoExperts()));
      assertTrue(none.getMessage().contains("no '*.layers.{i}.mlp.*' keys"), none.getMessage());
    }
  }

  private static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
