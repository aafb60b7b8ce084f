package org.chatvla4j.world.task;

import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;

/**
 * "point at the red moon": success when the commanded effector target is within {@link #TARGET_DISTANCE} of the
 * block centre. Not part of the official eval.
 */
public record Point2BlockTask(String instruction, BlockId block, String blockText) implements Task {
  public static final double TARGET_DISTANCE = 0.05;

  /** The block must start at least this far from the effector target. */
  public static final double MIN_START_DISTANCE = TARGET_DISTANCE + 0.01;

  @Override
  public TaskFamily family() {
    return TaskFamily.POINT2BLOCK;
  }

  @Override
  public String goalPhrase() {
    return "";
  }

  @Override
  public double[] target(SceneState scene) {
    BlockPose b = scene.require(block);
    return new double[] {b.x(), b.y()};
  }

  @Override
  public boolean succeeded(SceneState scene) {
    return scene.require(block).distanceTo(scene.targetX(), scene.targetY()) < TARGET_DISTANCE;
  }
}
