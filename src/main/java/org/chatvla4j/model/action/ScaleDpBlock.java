package org.chatvla4j.model.action;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.LayerNorm;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;

/**
 * Port of {@code ScaleDPBlock} ({@code modeling_scaledp.py}): a DiT block with adaLN-Zero conditioning. The condition
 * c [B, n] goes through SiLU → {@code adaLN_modulation.1} Linear(n→6n), chunked as (shift_msa, scale_msa, gate_msa,
 * shift_mlp, scale_mlp, gate_mlp); then x += gate_msa·attn(modulate(norm1(x))), x += gate_mlp·mlp(modulate(norm2(x))).
 * Norms have no affine parameters (eps 1e-6). The modulation linear starts at zero, so a fresh block is the identity.
 */
public final class ScaleDpBlock extends Module {
  private static final double NORM_EPS = 1e-6;

  private final LayerNorm norm1;
  private final ScaleDpAttention attn;
  private final LayerNorm norm2;
  private final Mlp mlp;
  private final Linear adaLnModulation;

  public ScaleDpBlock(Init init, long hiddenSize, long numHeads, double mlpRatio) {
    this.norm1 = register("norm1", LayerNorm.plain(init, hiddenSize, NORM_EPS));
    this.attn = register("attn", new ScaleDpAttention(init, hiddenSize, numHeads));
    this.norm2 = register("norm2", LayerNorm.plain(init, hiddenSize, NORM_EPS));
    this.mlp = register("mlp", new Mlp(init, hiddenSize, (long) (hiddenSize * mlpRatio)));
    // index 1 of the reference's nn.Sequential(SiLU, Linear)
    this.adaLnModulation = register("adaLN_modulation.1", Linear.withBias(init, hiddenSize, 6 * hiddenSize));
    Weights.xavierUniform(init, attn.qkvLinear());
    Weights.xavierUniform(init, attn.projLinear());
    Weights.xavierUniform(init, mlp.fc1());
    Weights.xavierUniform(init, mlp.fc2());
    Weights.zero(init, adaLnModulation);
  }

  /** x [B, T, n], c [B, n] → [B, T, n]. */
  public Tensor forward(Tensor x, Tensor c) {
    // 6 × [B, n]
    TensorVector mod = adaLnModulation.forward(torch.silu(c)).chunk(6, 1);
    Tensor shiftMsa = mod.get(0), scaleMsa = mod.get(1), gateMsa = mod.get(2);
    Tensor shiftMlp = mod.get(3), scaleMlp = mod.get(4), gateMlp = mod.get(5);
    // [B, T, n]
    Tensor attnOut = attn.forward(Modulation.modulate(norm1.forward(x), shiftMsa, scaleMsa));
    x = x.add(gateMsa.unsqueeze(1).mul(attnOut));
    // [B, T, n]
    Tensor mlpOut = mlp.forward(Modulation.modulate(norm2.forward(x), shiftMlp, scaleMlp));
    return x.add(gateMlp.unsqueeze(1).mul(mlpOut));
  }
}
