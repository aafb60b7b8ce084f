package org.chatvla4j.world;

/**
 * A closed-loop environment in the shape of Language-Table's: a seeded reset, then 10 Hz steps that take one Δxy
 * action each. Implementations hold no tensors.
 */
public interface Env {
  /** Starts an episode; the same seed gives the same layout, task and instruction. */
  Observation reset(long seed);

  /**
   * Applies one action, {Δx, Δy} in metres, added to the commanded effector target. Each component is clipped to
   * ±{@link Workspace#MAX_ACTION}, the target to the workspace. NaN or infinite components are an error.
   */
  StepResult step(double[] action);
}
