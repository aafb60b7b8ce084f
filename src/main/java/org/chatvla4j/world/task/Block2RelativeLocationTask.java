package org.chatvla4j.world.task;

import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;

/**
 * "slightly push the red moon up and to the left": the target is fixed at reset, the block's start plus {@link
 * #NEAR} or {@link #FAR} metres along the (unit) direction; success within {@link #TARGET_DISTANCE} of it.
 */
public record Block2RelativeLocationTask(
    String instruction,
    BlockId block,
    String blockText,
    Direction direction,
    boolean near,
    double targetX,
    double targetY,
    String goalPhrase)
    implements Task {
  public static final double NEAR = 0.15;
  public static final double FAR = 0.25;
  public static final double TARGET_DISTANCE = 0.1;

  @Override
  public TaskFamily family() {
    return TaskFamily.BLOCK2RELATIVELOCATION;
  }

  @Override
  public double[] target(SceneState scene) {
    return new double[] {targetX, targetY};
  }

  @Override
  public boolean succeeded(SceneState scene) {
    return scene.require(block).distanceTo(targetX, targetY) < TARGET_DISTANCE;
  }
}
