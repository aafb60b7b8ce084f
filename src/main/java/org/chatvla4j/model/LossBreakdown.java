package org.chatvla4j.model;

import org.bytedeco.pytorch.Tensor;

/**
 * The parts of the training loss (chatvla-paper.md §4.5): token cross-entropy normalised by the batch's supervised
 * tokens, the masked diffusion MSE over robot samples (0 when the batch has none), and their sum (what is
 * back-propagated). Scalars; {@code total} carries the graph. {@code readoutLoss} is the action head's
 * {@link org.chatvla4j.model.action.ActionHead#readoutLoss} (0 without robot samples), outside {@code total}: recipes
 * that want it weight it in ({@code loss_weights.readout}).
 */
public record LossBreakdown(Tensor total, Tensor tokenLoss, Tensor actionLoss, Tensor readoutLoss, long supervisedTokens, int robotSamples) {
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
