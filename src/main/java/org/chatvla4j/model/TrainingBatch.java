package org.chatvla4j.model;

import java.util.Optional;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.model.moe.ExpertRouting;
import org.chatvla4j.tensor.Device;
import org.chatvla4j.tensor.Shapes;

/**
 * One training batch: tokenised inputs, token labels (−100 where not supervised, aligned with the inputs: the label of
 * position t is token t), the expert of each sample, and for the robot samples their action targets.
 */
public record TrainingBatch(VlaInputs inputs, Tensor labels, ExpertRouting routing, Optional<RobotTargets> robot) {
  public TrainingBatch {
    Shapes.check("labels", labels, "B, T", inputs.batchSize(), inputs.length());
    if (routing.batchSize() != inputs.batchSize()) {
      throw new IllegalArgumentException("routing has " + routing.batchSize() + " samples, the batch " + inputs.batchSize());
    }
    robot.ifPresent(r -> {
      for (long row : r.rows()) {
        if (row < 0 || row >= inputs.batchSize()) {
          throw new IllegalArgumentException("robot row " + row + " is outside the batch of " + inputs.batchSize());
        }
      }
    });
  }

  /**
   * This batch on {@code device} (inputs, labels and robot targets); the same object when it is there already, so the
   * CPU path copies nothing. The collator builds batches on the CPU; the trainer moves each one once.
   */
  public TrainingBatch to(Device device) {
    VlaInputs in = inputs.to(device);
    Tensor lab = device.place(labels);
    Optional<RobotTargets> r = robot.map(t -> t.to(device));
    boolean same = in == inputs && lab == labels && (robot.isEmpty() || r.get() == robot.get());
    return same ? this : new TrainingBatch(in, lab, routing, r);
  }

  /**
   * Action targets of the robot samples.
   *
   * @param rows batch rows that are robot samples (R of them)
   * @param actions normalised actions [R, A, Da]
   * @param isPad [R, A], nonzero past the episode end
   * @param state normalised robot state [R, Ds]
   */
  public record RobotTargets(long[] rows, Tensor actions, Tensor isPad, Tensor state) {
    public RobotTargets {
      rows = rows.clone();
      long r = rows.length;
      if (r == 0) {
        throw new IllegalArgumentException("robot targets need at least one row; use Optional.empty() for none");
      }
      Shapes.check("actions", actions, "R, A, Da", r, Shapes.ANY, Shapes.ANY);
      Shapes.check("is_pad", isPad, "R, A", r, actions.size(1));
      Shapes.check("state", state, "R, Ds", r, Shapes.ANY);
    }

    /** These targets on {@code device} (the same object when already there). */
    public RobotTargets to(Device device) {
      Tensor a = device.place(actions);
      Tensor p = device.place(isPad);
      Tensor s = device.place(state);
      return a == actions && p == isPad && s == state ? this : new RobotTargets(rows, a, p, s);
    }
  }
}
