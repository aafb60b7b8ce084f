package org.chatvla4j.model.action;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;
import org.chatvla4j.tensor.Tensors;

/**
 * Port of {@code FiLM} (ChatVLA/DexVLA {@code fusion_modules.py}): h = p·(1 + scale_fc(r)) + shift_fc(r). Both
 * linears start at zero, so a fresh FiLM passes p through unchanged whatever r is.
 */
public final class Film extends Module {
  private final Linear scaleFc;
  private final Linear shiftFc;

  public Film(Init init, long featureDim, long conditionDim) {
    this.scaleFc = register("scale_fc", Linear.withBias(init, conditionDim, featureDim));
    this.shiftFc = register("shift_fc", Linear.withBias(init, conditionDim, featureDim));
    Weights.zero(init, scaleFc);
    Weights.zero(init, shiftFc);
  }

  /** Features p [B, D] modulated by the condition r [B, Dc] → [B, D]. */
  public Tensor forward(Tensor features, Tensor condition) {
    // [B, D]
    Tensor scale = scaleFc.forward(condition);
    Tensor shift = shiftFc.forward(condition);
    return features.mul(scale.add(Tensors.scalar(1))).add(shift);
  }
}
