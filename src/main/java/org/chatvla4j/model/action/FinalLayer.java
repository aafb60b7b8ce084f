package org.chatvla4j.model.action;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.LayerNorm;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;

/**
 * Port of {@code FinalLayer} ({@code modeling_scaledp.py}): {@code norm_final} (no affine, eps 1e-6) modulated by
 * SiLU → {@code adaLN_modulation.1} Linear(n→2n) chunked as (shift, scale), then {@code linear} (n→Da). Both linears
 * start at zero (adaLN-Zero), so a fresh ScaleDP predicts ε̂ = 0.
 */
public final class FinalLayer extends Module {
  private final LayerNorm normFinal;
  private final Linear linear;
  private final Linear adaLnModulation;

  public FinalLayer(Init init, long hiddenSize, long outputDim) {
    this.normFinal = register("norm_final", LayerNorm.plain(init, hiddenSize, 1e-6));
    this.linear = register("linear", Linear.withBias(init, hiddenSize, outputDim));
    this.adaLnModulation = register("adaLN_modulation.1", Linear.withBias(init, hiddenSize, 2 * hiddenSize));
    Weights.zero(init, linear);
    Weights.zero(init, adaLnModulation);
  }

  /** x [B, T, n], c [B, n] → [B, T, Da]. */
  public Tensor forward(Tensor x, Tensor c) {
    // 2 × [B, n]
    TensorVector mod = adaLnModulation.forward(torch.silu(c)).chunk(2, 1);
    // [B, T, n]
    Tensor h = Modulation.modulate(normFinal.forward(x), mod.get(0), mod.get(1));
    // [B, T, Da]
    return linear.forward(h);
  }
}
