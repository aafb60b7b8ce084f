package org.chatvla4j.world.task;

import java.util.Set;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;

/**
 * "push the red moon next to the blue cube": success when the two block centres are closer than {@link
 * #TARGET_DISTANCE}, whichever block moved (the original ignores that, see its TODO).
 */
public record Block2BlockTask(
    String instruction, BlockId block, String blockText, BlockId targetBlock, String targetText, String preposition)
    implements Task {
  /** {@code TARGET_BLOCK_DISTANCE}. */
  public static final double TARGET_DISTANCE = 0.05;

  /** Minimum initial distance of the two blocks: TARGET_BLOCK_DISTANCE + 0.01. */
  public static final double MIN_START_DISTANCE = TARGET_DISTANCE + 0.01;

  @Override
  public TaskFamily family() {
    return TaskFamily.BLOCK2BLOCK;
  }

  @Override
  public String goalPhrase() {
    return preposition + " " + targetText;
  }

  @Override
  public double[] target(SceneState scene) {
    BlockPose t = scene.require(targetBlock);
    return new double[] {t.x(), t.y()};
  }

  @Override
  public boolean succeeded(SceneState scene) {
    return scene.require(block).distanceTo(scene.require(targetBlock)) < TARGET_DISTANCE;
  }

  @Override
  public Set<BlockId> notObstacles() {
    return Set.of(targetBlock);
  }
}
