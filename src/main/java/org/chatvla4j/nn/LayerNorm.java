package org.chatvla4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** {@code torch.nn.LayerNorm} over the last dimension: parameters {@code weight}, {@code bias} (or none when not affine). */
public final class LayerNorm extends Module {
  private final long dim;
  private final double eps;
  private final Tensor weight;
  private final Tensor bias;

  private LayerNorm(Init init, long dim, double eps, boolean affine) {
    if (dim <= 0 || !(eps > 0)) {
      throw new IllegalArgumentException("LayerNorm needs dim > 0 and eps > 0, got dim=" + dim + " eps=" + eps);
    }
    this.dim = dim;
    this.eps = eps;
    this.weight = affine ? parameter("weight", init.ones(dim)) : null;
    this.bias = affine ? parameter("bias", init.zeros(dim)) : null;
  }

  public static LayerNorm affine(Init init, long dim, double eps) {
    return new LayerNorm(init, dim, eps, true);
  }

  /** Without learnable parameters (ScaleDP's adaLN blocks use this). */
  public static LayerNorm plain(Init init, long dim, double eps) {
    return new LayerNorm(init, dim, eps, false);
  }

  /** [..., dim] → [..., dim]. */
  public Tensor forward(Tensor x) {
    return torch.layer_norm(
        x, new long[] {dim}, weight == null ? new TensorOptional() : new TensorOptional(weight),
        bias == null ? new TensorOptional() : new TensorOptional(bias), eps, false);
  }
}
