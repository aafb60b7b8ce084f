package org.chatvla4j.nn;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.tensor.Scope;

/** Gradient utilities. */
public final class Gradients {
  private Gradients() {}

  /**
   * Scales all gradients so their global L2 norm is at most {@code maxNorm} ({@code clip_grad_norm_}); returns the
   * norm before clipping. Parameters without a gradient are skipped.
   */
  public static double clipNorm(List<Tensor> params, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
    }
    try (Scope s = Scope.open()) {
      TensorVector v = new TensorVector();
      for (Tensor p : params) {
        if (p.grad().defined()) {
          v.push_back(p);
        }
      }
      return v.empty() ? 0.0 : torch.clip_grad_norm_(v, maxNorm, 2.0, true);
    }
  }
}
