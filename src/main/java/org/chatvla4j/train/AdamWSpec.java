package org.chatvla4j.train;

import org.chatvla4j.nn.AdamWConfig;

/** AdamW's hyper-parameters except the learning rate (the stage's schedule sets that every step). */
public record AdamWSpec(double beta1, double beta2, double eps, double weightDecay) {
  public AdamWSpec {
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("eps must be > 0, got " + eps);
    }
    if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
      throw new IllegalArgumentException("weight_decay must be a finite number >= 0, got " + weightDecay);
    }
  }

  /** ChatVLA's release scripts: β = (0.9, 0.98), ε = 1e-7, no weight decay (chatvla-paper.md §4.2). */
  public static AdamWSpec chatVla() {
    return new AdamWSpec(0.9, 0.98, 1e-7, 0.0);
  }

  public AdamWConfig config(double lr) {
    return new AdamWConfig(lr, beta1, beta2, eps, weightDecay);
  }
}
