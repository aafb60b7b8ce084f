package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chatvla4j.config.Presets;
import org.chatvla4j.config.ScaleDpConfig;
import org.junit.jupiter.api.Test;

/** {@code inspect --preset}: parameter counts on the meta device against Qwen2-VL-2B's published size and closed forms. */
class InspectPresetTest {
  @Test
  void qwen2Vl2bHas2209MillionParameters() {
    CliRun r = CliRun.of("inspect", "--preset", "qwen2-vl-2b");
    assertEquals(0, r.exitCode(), r.err());
    long p = r.number("parameters:");
    assertTrue(Math.abs(p - 2.209e9) / 2.209e9 < 1e-3, "qwen2-vl-2b parameters " + p);
    assertEquals(p, r.number("visual:") + r.number("model:"), "tied lm_head adds nothing");
    assertEquals(0, r.number("lm_head:"));
  }

  @Test
  void chatVla2bAddsOneExpertPerLayerAndTheScaleDpLHead() {
    CliRun dense = CliRun.of("inspect", "--preset", "qwen2-vl-2b");
    CliRun vla = CliRun.of("inspect", "--preset", "chatvla-2b");
    assertEquals(0, vla.exitCode(), vla.err());
    assertEquals(28L * 3 * 1536 * 8960, vla.number("model:") - dense.number("model:"));
    assertEquals(dense.number("visual:"), vla.number("visual:"));
    long head = vla.number("policy_head:") + vla.number("input_action_proj:") + vla.number("reasoning_action_proj:")
        + vla.number("reasoning_film:");
    ScaleDpConfig l = Presets.chatVla2b().actionHead().orElseThrow();
    assertEquals(458_387_466L, scaleDpParameters(l)); // ScaleDP-L for action 10, state 7, cond 1536, chunk 16
    assertEquals(scaleDpParameters(l), vla.number("policy_head:"));
    assertEquals(472_552_458L, head);
    assertEquals(scaleDpParameters(l) + 6L * (1536 * 1536 + 1536), head, "two projectors (mlps.0, mlps.2) and FiLM (scale_fc, shift_fc): six 1536² + 1536 linears");
    assertEquals(dense.number("parameters:") + 28L * 3 * 1536 * 8960 + head, vla.number("parameters:"));
  }

  /** ScaleDP's parameters in closed form (DiT blocks with adaLN-Zero; LayerNorms inside blocks carry no weights). */
  static long scaleDpParameters(ScaleDpConfig c) {
    long n = c.nEmb();
    long hidden = (long) (n * c.mlpRatio());
    long block = (n * 3 * n + 3 * n) + (n * n + n) + (n * hidden + hidden) + (hidden * n + n) + (n * 6 * n + 6 * n);
    long xEmbedder = c.actionDim() * n + n;
    long tEmbedder = 256 * n + n + n * n + n;
    long condObsEmb = (c.condDim() + c.stateDim()) * n + n;
    long posEmbed = c.predictionHorizon() * n;
    long finalLayer = n * c.actionDim() + c.actionDim() + n * 2 * n + 2 * n;
    long normAfterPool = 2L * c.condDim();
    return xEmbedder + tEmbedder + condObsEmb + posEmbed + c.depth() * block + finalLayer + normAfterPool;
  }

  @Test
  void pathAndPresetTogetherOrAnUnknownPresetAreClearErrors() {
    CliRun both = CliRun.of("inspect", "x.safetensors", "--preset", "tiny");
    assertEquals(2, both.exitCode());
    assertTrue(both.err().startsWith("inspect takes PATH or --preset NAME, not both"), both.err());
    CliRun unknown = CliRun.of("inspect", "--preset", "qwen9");
    assertEquals(1, unknown.exitCode());
    assertTrue(unknown.err().contains("unknown preset 'qwen9'; presets: tiny, qwen2-vl-2b, chatvla-2b"), unknown.err());
  }
}
