package org.chatvla4j.world.task;

import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;

/**
 * "push the red moon to the left of the blue cube". The target point is the target block's <em>current</em> position
 * plus an offset (0.08 m cardinal, (0.04, 0.04) diagonal), recomputed every step. Success: the pushed block is within
 * {@link #TARGET_DISTANCE} of one of 10 points evenly spaced from 0.5× to 1.1× the offset, and the target block has
 * not been dragged more than {@link #DRAGGED_THRESHOLD} from where it was at reset.
 */
public record Block2BlockRelativeLocationTask(
    String instruction,
    BlockId block,
    String blockText,
    BlockId targetBlock,
    String targetText,
    Direction direction,
    String directionText,
    double targetResetX,
    double targetResetY)
    implements Task {
  public static final double MAGNITUDE = 0.08;
  public static final double MAGNITUDE_DIAGONAL = 0.04;
  public static final double TARGET_DISTANCE = 0.04;
  public static final double DRAGGED_THRESHOLD = 0.05;
  private static final int LINE_POINTS = 10;

  @Override
  public TaskFamily family() {
    return TaskFamily.BLOCK2BLOCKRELATIVELOCATION;
  }

  @Override
  public String goalPhrase() {
    return directionText + " " + targetText;
  }

  /** The offset from the target block, {dx, dy}. */
  public double[] offset() {
    double m = direction.diagonal() ? MAGNITUDE_DIAGONAL : MAGNITUDE;
    return new double[] {direction.dx() * m, direction.dy() * m};
  }

  @Override
  public double[] target(SceneState scene) {
    BlockPose t = scene.require(targetBlock);
    double[] o = offset();
    return new double[] {t.x() + o[0], t.y() + o[1]};
  }

  @Override
  public boolean succeeded(SceneState scene) {
    BlockPose t = scene.require(targetBlock);
    BlockPose b = scene.require(block);
    if (t.distanceTo(targetResetX, targetResetY) > DRAGGED_THRESHOLD) {
      return false;
    }
    double[] o = offset();
    // np.linspace(0.5 * o, 1.1 * o, 10): start + i * step, the last point exactly the stop.
    for (int i = 0; i < LINE_POINTS; i++) {
      double px;
      double py;
      if (i == LINE_POINTS - 1) {
        px = 1.1 * o[0];
        py = 1.1 * o[1];
      } else {
        px = 0.5 * o[0] + i * ((1.1 * o[0] - 0.5 * o[0]) / (LINE_POINTS - 1));
        py = 0.5 * o[1] + i * ((1.1 * o[1] - 0.5 * o[1]) / (LINE_POINTS - 1));
      }
      if (b.distanceTo(t.x() + px, t.y() + py) < TARGET_DISTANCE) {
        return true;
      }
    }
    return false;
  }
}
