package org.chatvla4j.train.data;

import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.TrainingSample;

/**
 * A robot frame's regression targets (chatvla-paper.md §3.5): the {@code chunk} actions from step t on (the simulation
 * convention {@code actions[t : t+chunk]}), min–max normalised to [−1, 1]; steps past the episode end are zero and
 * flagged in {@code is_pad} so the loss ignores them; and the state {@code qpos[t]}, z-scored.
 *
 * <p>Padding is zero in normalised units. (DexVLA pads raw zeros and normalises afterwards; the padded steps are masked
 * either way, and a zero target keeps them out of sight of anyone reading a batch.)
 */
public final class ActionChunks {
  private ActionChunks() {}

  /** The targets of step {@code t} of an episode with the given per-step {@code actions} and {@code qpos}. */
  public static TrainingSample.RobotTarget at(float[][] actions, float[][] qpos, int t, int chunk, DatasetStats stats) {
    if (chunk <= 0) {
      throw new IllegalArgumentException("chunk must be > 0, got " + chunk);
    }
    if (t < 0 || t >= actions.length) {
      throw new IndexOutOfBoundsException("step " + t + " is outside the episode's 0.." + (actions.length - 1));
    }
    int da = actions[0].length;
    float[][] out = new float[chunk][];
    boolean[] isPad = new boolean[chunk];
    for (int k = 0; k < chunk; k++) {
      if (t + k < actions.length) {
        out[k] = stats.normalizeAction(actions[t + k]);
      } else {
        out[k] = new float[da];
        isPad[k] = true;
      }
    }
    return new TrainingSample.RobotTarget(out, isPad, stats.normalizeState(qpos[t]));
  }
}
