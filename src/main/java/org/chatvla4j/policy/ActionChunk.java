package org.chatvla4j.policy;

/**
 * A policy's answer to one query: actions {@code [chunk][action_dim]} in robot units and the sub-step reasoning the
 * model said before them (empty when the policy states none).
 */
public record ActionChunk(float[][] actions, String reasoning) {
  public ActionChunk {
    if (actions.length == 0) {
      throw new IllegalArgumentException("an action chunk needs at least one action");
    }
    float[][] copy = new float[actions.length][];
    for (int i = 0; i < actions.length; i++) {
      copy[i] = actions[i].clone();
      if (copy[i].length != actions[0].length) {
        throw new IllegalArgumentException("action " + i + " has " + copy[i].length + " values, action 0 has " + actions[0].length);
      }
    }
    actions = copy;
    reasoning = reasoning == null ? "" : reasoning;
  }

  public int length() {
    return actions.length;
  }

  public int actionDim() {
    return actions[0].length;
  }

  /** Action {@code i} (a copy). */
  public float[] action(int i) {
    return actions[i].clone();
  }

  @Override
  public float[][] actions() {
    float[][] copy = new float[actions.length][];
    for (int i = 0; i < actions.length; i++) {
      copy[i] = actions[i].clone();
    }
    return copy;
  }
}
