package org.chatvla4j.world;

/**
 * Receives an episode as it runs, so GIF writers and HDF5 recorders can plug into a rollout. Every method has a
 * no-op default.
 */
public interface EpisodeListener {
  /** Identifies an episode of a rollout. */
  record Episode(TaskFamily family, int index, long seed, String instruction) {}

  /**
   * One control step: the scene the action was chosen in, the action applied (before the env's clipping), the
   * policy's reasoning for it (null when the policy states none) and what the step returned.
   */
  record Step(Episode episode, int step, SceneState scene, double[] action, String reasoning, StepResult result) {}

  default void episodeStarted(Episode episode, Observation first) {}

  default void stepped(Step step) {}

  /** After the last step: the final observation, whether the task is solved, and how many steps ran. */
  default void episodeEnded(Episode episode, Observation last, boolean success, int steps) {}
}
