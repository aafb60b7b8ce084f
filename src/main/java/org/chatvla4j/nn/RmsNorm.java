package org.chatvla4j.nn;

import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Qwen2's RMSNorm: {@code weight · x / √(mean(x²) + eps)}. Like transformers' {@code Qwen2RMSNorm} the normalisation
 * runs in float32 and the result is cast back to the input dtype before the weight is applied.
 */
public final class RmsNorm extends Module {
  private final long dim;
  private final double eps;
  private final Tensor weight;

  public RmsNorm(Init init, long dim, double eps) {
    if (dim <= 0 || !(eps > 0)) {
      throw new IllegalArgumentException("RmsNorm needs dim > 0 and eps > 0, got dim=" + dim + " eps=" + eps);
    }
    this.dim = dim;
    this.eps = eps;
    this.weight = parameter("weight", init.ones(dim));
  }

  /** [..., dim] → [..., dim] (fused {@code rms_norm}). */
  public Tensor forward(Tensor x) {
    if (x.scalar_type() == torch.ScalarType.Float) {
      return torch.rms_norm(x, new long[] {dim}, new TensorOptional(weight), new DoubleOptional(eps));
    }
    Tensor normed = torch.rms_norm(x.to(torch.ScalarType.Float), new long[] {dim}, new TensorOptional(), new DoubleOptional(eps));
    return normed.to(x.scalar_type()).mul(weight);
  }
}
