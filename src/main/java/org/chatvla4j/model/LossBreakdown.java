package org.chatvla4j.model;

import org.bytedeco.pytorch.Tensor;

/**
 * The parts of the training loss (chatvla-paper.md §4.5): token cross-entropy normalised by the batch's supervised
 * tokens, the masked diffusion MSE over robot samples (0 when the batch has none), and their sum (what is
 * back-propagated). Scalars; {@code total} carries the graph.
 */
public record LossBreakdown(Tensor total, Tensor tokenLoss, Tensor actionLoss, long supervisedTokens, int robotSamples) {
  public double totalValue() {
    return total.item_double();
  }

  public double tokenValue() {
    return tokenLoss.item_double();
  }

  public double actionValue() {
    return actionLoss.item_double();
  }
}
