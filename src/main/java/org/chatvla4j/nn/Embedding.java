package org.chatvla4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Token embedding table {@code weight} [vocab, dim] initialised N(0, std²). */
public final class Embedding extends Module {
  private final Tensor weight;

  public Embedding(Init init, long vocab, long dim, double std) {
    if (vocab <= 0 || dim <= 0) {
      throw new IllegalArgumentException("Embedding sizes must be positive, got vocab=" + vocab + " dim=" + dim);
    }
    this.weight = parameter("weight", init.normal(std, vocab, dim));
  }

  /** ids [...] (int64) → [..., dim]. */
  public Tensor forward(Tensor ids) {
    return torch.embedding(weight, ids);
  }

  public Tensor weight() {
    return weight;
  }
}
