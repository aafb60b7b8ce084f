package org.chatvla4j.model.action;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.Presets;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** ScaleDP: adaLN-Zero at init, checkpoint names, parameter counts of the paper's sizes, dimension errors. */
class ScaleDpTest {
  private static final ScaleDpConfig TINY = Presets.tiny().actionHead().orElseThrow();

  /** Parameters of ScaleDP from its layer sizes (chatvla-paper.md §3.1–3.2). */
  private static long closedFormCount(long depth, long n, long cond, long state, long act, long horizon) {
    long block = (n * 3 * n + 3 * n) + (n * n + n) + (n * 4 * n + 4 * n) + (4 * n * n + n) + (n * 6 * n + 6 * n);
    long rest = (act * n + n) + horizon * n + (256 * n + n) + (n * n + n) + ((cond + state) * n + n) + 2 * cond
        + (n * 2 * n + 2 * n) + (n * act + act);
    return depth * block + rest;
  }

  @Test
  void scaleDpLargeAndHugeHaveThePapersParameterCounts() {
    ScaleDp large = new ScaleDp(Init.meta(DType.F32), ScaleDpConfig.scaleDpL(10, 7, 1536));
    assertEquals(closedFormCount(24, 1024, 1536, 7, 10, 16), large.parameterCount());
    assertEquals(458_387_466L, large.parameterCount());
    assertEquals(458e6, large.parameterCount(), 0.01 * 458e6);
    ScaleDp huge = new ScaleDp(Init.meta(DType.F32), ScaleDpConfig.scaleDpH(10, 7, 1536));
    assertEquals(closedFormCount(32, 1280, 1536, 7, 10, 16), huge.parameterCount());
    assertEquals(952e6, huge.parameterCount(), 0.01 * 952e6);
  }

  @Test
  void parameterNamesAreChatVlaCheckpointKeys() {
    ScaleDp large = new ScaleDp(Init.meta(DType.F32), ScaleDpConfig.scaleDpL(10, 7, 1536));
    List<String> expected = new ArrayList<>(List.of("pos_embed", "x_embedder.weight", "x_embedder.bias",
        "t_embedder.mlp.0.weight", "t_embedder.mlp.0.bias", "t_embedder.mlp.2.weight", "t_embedder.mlp.2.bias",
        "cond_obs_emb.weight", "cond_obs_emb.bias"));
    for (int i = 0; i < 24; i++) {
      for (String p : List.of("attn.qkv", "attn.proj", "mlp.fc1", "mlp.fc2", "adaLN_modulation.1")) {
        expected.add("blocks." + i + "." + p + ".weight");
        expected.add("blocks." + i + "." + p + ".bias");
      }
    }
    expected.addAll(List.of("final_layer.linear.weight", "final_layer.linear.bias", "final_layer.adaLN_modulation.1.weight",
        "final_layer.adaLN_modulation.1.bias", "norm_after_pool.weight", "norm_after_pool.bias"));
    assertEquals(expected, new ArrayList<>(large.parameters().keySet()));
    assertArrayEquals(new long[] {1024, 1543}, large.parameters().get("cond_obs_emb.weight").shape());
    assertArrayEquals(new long[] {1, 16, 1024}, large.parameters().get("pos_embed").shape());
    assertArrayEquals(new long[] {6144, 1024}, large.parameters().get("blocks.23.adaLN_modulation.1.weight").shape());
  }

  @Test
  void adaLnZeroMakesTheInitialOutputExactlyZeroAndEveryBlockTheIdentity() {
    SplittableRandom r = new SplittableRandom(2);
    int b = 3, a = TINY.predictionHorizon(), da = TINY.actionDim(), n = TINY.nEmb();
    try (Scope s = Scope.open()) {
      ScaleDp dp = new ScaleDp(Init.cpu(DType.F32, 42), TINY);
      Tensor x = Tensors.fromFloats(TestData.gaussian(r, b * a * da), b, a, da);
      Tensor cond = Tensors.fromFloats(TestData.gaussian(r, b * 5 * TINY.condDim()), b, 5, TINY.condDim());
      Tensor state = Tensors.fromFloats(TestData.gaussian(r, b * TINY.stateDim()), b, TINY.stateDim());
      float[] eps = Tensors.toFloats(dp.forward(x, Tensors.fromLongs(new long[] {0, 42, 99}, b), cond, state));
      assertEquals(b * a * da, eps.length);
      for (float e : eps) {
        assertEquals(0f, e);
      }
      float[] tokens = TestData.gaussian(r, b * a * n);
      Tensor c = Tensors.fromFloats(TestData.gaussian(r, b * n), b, n);
      for (int i = 0; i < TINY.depth(); i++) {
        ScaleDpBlock block = (ScaleDpBlock) dp.modules().get("blocks." + i);
        assertArrayEquals(tokens, Tensors.toFloats(block.forward(Tensors.fromFloats(tokens, b, a, n), c)), "block " + i);
      }
      // the trunk is not trivially zero: the embedder and the condition path are initialised randomly
      assertTrue(Tensors.toFloats(dp.encodeCondition(cond, state).abs().sum())[0] > 0);
    }
  }

  @Test
  void wrongActionOrStateWidthNamesBothValues() {
    try (Scope s = Scope.open()) {
      ScaleDp dp = new ScaleDp(Init.cpu(DType.F32, 1), TINY);
      Tensor cond = Tensors.fromFloats(new float[2 * TINY.condDim()], 2, 1, TINY.condDim());
      IllegalArgumentException state = assertThrows(IllegalArgumentException.class,
          () -> dp.encodeCondition(cond, Tensors.fromFloats(new float[2 * 7], 2, 7)));
      assertTrue(state.getMessage().contains("7") && state.getMessage().contains("state_dim is " + TINY.stateDim()),
          state.getMessage());
      Tensor c = Tensors.fromFloats(new float[2 * TINY.nEmb()], 2, TINY.nEmb());
      IllegalArgumentException action = assertThrows(IllegalArgumentException.class,
          () -> dp.predictNoise(Tensors.fromFloats(new float[2 * TINY.predictionHorizon() * 3], 2, TINY.predictionHorizon(), 3),
              Tensors.fromLongs(new long[] {1, 2}, 2), c));
      assertTrue(action.getMessage().contains("have 3 dims") && action.getMessage().contains("action_dim is " + TINY.actionDim()),
          action.getMessage());
    }
  }
}
