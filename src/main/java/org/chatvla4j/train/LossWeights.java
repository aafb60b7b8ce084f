package org.chatvla4j.train;

/**
 * Weights of the loss parts in the back-propagated total {@code token · CE + action · MSE + readout · readout MSE}.
 * ChatVLA uses 1 and 1 ({@code llm_loss_weight 1.0}) and has no readout term; {@code readout} weights the action
 * head's {@link org.chatvla4j.model.action.ActionHead#readoutLoss}, which asks the head's condition to carry the first
 * action directly (0 by default, as in the paper). Messages name the field alone: the recipe reader puts the path
 * ({@code stages[0].loss_weights.}) in front.
 */
public record LossWeights(double token, double action, double readout) {
  public LossWeights {
    if (!(token >= 0) || !Double.isFinite(token)) {
      throw new IllegalArgumentException("token must be a finite number >= 0, got " + token);
    }
    if (!(action >= 0) || !Double.isFinite(action)) {
      throw new IllegalArgumentException("action must be a finite number >= 0, got " + action);
    }
    if (!(readout >= 0) || !Double.isFinite(readout)) {
      throw new IllegalArgumentException("readout must be a finite number >= 0, got " + readout);
    }
    if (token + action + readout == 0) {
      throw new IllegalArgumentException("token, action and readout are all 0: nothing would be trained");
    }
  }

  /** Token and action weighted alike, no readout term: the paper's. */
  public static LossWeights equal() {
    return new LossWeights(1, 1, 0);
  }
}
