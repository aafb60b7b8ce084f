package org.chatvla4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** {@code y = x Wᵀ + b}; parameters {@code weight} [out, in] and optional {@code bias} [out], as {@code torch.nn.Linear}. */
public final class Linear extends Module {
  private final Tensor weight;
  private final Tensor bias;
  private final long in;
  private final long out;

  private Linear(Init init, long in, long out, boolean withBias) {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("Linear sizes must be positive, got in=" + in + " out=" + out);
    }
    this.in = in;
    this.out = out;
    double bound = 1.0 / Math.sqrt(in); // torch.nn.Linear's default (kaiming_uniform with a=√5 reduces to this)
    this.weight = parameter("weight", init.uniform(bound, out, in));
    this.bias = withBias ? parameter("bias", init.uniform(bound, out)) : null;
  }

  public static Linear withBias(Init init, long in, long out) {
    return new Linear(init, in, out, true);
  }

  public static Linear withoutBias(Init init, long in, long out) {
    return new Linear(init, in, out, false);
  }

  /** [..., in] → [..., out]. */
  public Tensor forward(Tensor x) {
    return bias == null ? torch.linear(x, weight) : torch.linear(x, weight, new TensorOptional(bias));
  }

  public Tensor weight() {
    return weight;
  }

  public Tensor bias() {
    return bias;
  }

  public long inFeatures() {
    return in;
  }

  public long outFeatures() {
    return out;
  }
}
