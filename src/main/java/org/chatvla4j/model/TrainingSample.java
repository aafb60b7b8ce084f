package org.chatvla4j.model;

import java.util.Optional;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.text.LabeledSequence;

/**
 * One sample before batching: its labelled token sequence, its processed images, the expert it trains, and for robot
 * samples the action targets.
 */
public record TrainingSample(LabeledSequence sequence, ProcessedImages images, Task task, Optional<RobotTarget> robot) {
  public TrainingSample {
    if (task == Task.CONTROL && robot.isEmpty()) {
      throw new IllegalArgumentException("a CONTROL sample needs robot targets (actions, is_pad, state)");
    }
  }

  /**
   * A robot sample's targets: a chunk of normalised actions [A][Da], which steps lie past the episode end, and the
   * normalised state.
   */
  public record RobotTarget(float[][] actions, boolean[] isPad, float[] state) {
    public RobotTarget {
      if (actions.length == 0 || actions.length != isPad.length) {
        throw new IllegalArgumentException("actions (" + actions.length + " steps) and is_pad (" + isPad.length
            + ") must have the same, positive length");
      }
      int da = actions[0].length;
      for (float[] a : actions) {
        if (a.length != da) {
          throw new IllegalArgumentException("every action step needs " + da + " values, got " + a.length);
        }
      }
    }
  }
}
