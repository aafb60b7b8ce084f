package org.chatvla4j.world;

import java.util.Optional;

/**
 * Anything that drives an {@link Env}: the scripted oracle, a learned model, a replay. A policy may return an action
 * chunk; the rollout runner executes its actions one per step and asks again when the chunk is used up (or the
 * episode ends).
 */
public interface Policy {
  /** Called before each episode. */
  void reset();

  /** An action chunk for this observation: {@code [n][2]} Δxy actions in metres, n ≥ 1. */
  double[][] act(Observation observation);

  /**
   * The sub-step reasoning behind the last chunk, when the policy states one ("Push the red moon towards the top
   * left corner."); recorders store it per frame as DexVLA's {@code substep_reasonings}.
   */
  default Optional<String> reasoning() {
    return Optional.empty();
  }
}
