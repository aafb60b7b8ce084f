package org.chatvla4j.train;

/**
 * Weights of the two loss parts in the back-propagated total {@code token · CE + action · MSE}. ChatVLA uses 1 and 1
 * ({@code llm_loss_weight 1.0}).
 */
public record LossWeights(double token, double action) {
  public LossWeights {
    if (!(token >= 0) || !Double.isFinite(token)) {
      throw new IllegalArgumentException("loss_weights.token must be a finite number >= 0, got " + token);
    }
    if (!(action >= 0) || !Double.isFinite(action)) {
      throw new IllegalArgumentException("loss_weights.action must be a finite number >= 0, got " + action);
    }
    if (token + action == 0) {
      throw new IllegalArgumentException("loss_weights token and action are both 0: nothing would be trained");
    }
  }

  public static LossWeights equal() {
    return new LossWeights(1, 1);
  }
}
