package org.chatvla4j.model.action;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.Tensors;

/** DiT's {@code modulate}: per-sample affine of every token, x·(1 + scale) + shift. */
final class Modulation {
  private Modulation() {}

  /** x [B, T, n], shift and scale [B, n] → [B, T, n]. */
  static Tensor modulate(Tensor x, Tensor shift, Tensor scale) {
    return x.mul(scale.unsqueeze(1).add(Tensors.scalar(1))).add(shift.unsqueeze(1));
  }
}
