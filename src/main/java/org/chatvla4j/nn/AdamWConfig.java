package org.chatvla4j.nn;

/**
 * AdamW hyper-parameters (decoupled weight decay, Loshchilov & Hutter). Weight decay applies to matrices only
 * (parameters of rank ≥ 2); biases, norms and 1-D tables are not decayed, as in the HF Trainer and nanoGPT.
 */
public record AdamWConfig(double lr, double beta1, double beta2, double eps, double weightDecay) {
  public AdamWConfig {
    if (!(lr >= 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("lr must be finite and >= 0, got " + lr);
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("eps must be > 0, got " + eps);
    }
    if (!(weightDecay >= 0)) {
      throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
    }
  }

  /** PyTorch's defaults: β = (0.9, 0.999), ε = 1e-8, weight decay 0.01. */
  public static AdamWConfig defaults(double lr) {
    return new AdamWConfig(lr, 0.9, 0.999, 1e-8, 0.01);
  }

  public AdamWConfig withLr(double newLr) {
    return new AdamWConfig(newLr, beta1, beta2, eps, weightDecay);
  }
}
