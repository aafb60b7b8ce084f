package org.chatvla4j.world.task;

import java.util.List;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;

/**
 * "separate the red moon from the blue cube and green star". The target, recomputed every step, is the centroid of
 * the avoided blocks plus {@link #MAGNITUDE} along the direction from that centroid to the pushed block; success
 * within {@link #TARGET_DISTANCE} of it.
 */
public record SeparateTask(String instruction, BlockId block, String blockText, List<BlockId> avoid, String avoidText)
    implements Task {
  /** Blocks closer than this are "joined" and need separating. */
  public static final double JOINED_THRESHOLD = 0.08;

  public static final double MAGNITUDE = 0.1;
  public static final double TARGET_DISTANCE = 0.025;

  /** numpy's float32 machine epsilon, which the original adds to the norm. */
  static final double FLOAT32_EPS = Math.ulp(1.0f);

  public SeparateTask {
    avoid = List.copyOf(avoid);
  }

  @Override
  public TaskFamily family() {
    return TaskFamily.SEPARATE;
  }

  @Override
  public String goalPhrase() {
    return "away from the " + avoidText;
  }

  @Override
  public double[] target(SceneState scene) {
    return targetFor(scene, block, avoid);
  }

  /** {@code target_translation_for}: centroid(avoid) + 0.1 × unit(push block − centroid). */
  static double[] targetFor(SceneState scene, BlockId block, List<BlockId> avoid) {
    double cx = 0;
    double cy = 0;
    for (BlockId a : avoid) {
      BlockPose p = scene.require(a);
      cx += p.x();
      cy += p.y();
    }
    cx /= avoid.size();
    cy /= avoid.size();
    BlockPose b = scene.require(block);
    double dx = cx - b.x();
    double dy = cy - b.y();
    double n = Math.hypot(dx, dy) + FLOAT32_EPS;
    return new double[] {cx - dx / n * MAGNITUDE, cy - dy / n * MAGNITUDE};
  }

  @Override
  public boolean succeeded(SceneState scene) {
    double[] t = target(scene);
    return scene.require(block).distanceTo(t[0], t[1]) < TARGET_DISTANCE;
  }
}
