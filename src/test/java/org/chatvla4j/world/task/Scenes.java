package org.chatvla4j.world.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.Workspace;

/** Hand-built scenes for task tests (no physics). */
final class Scenes {
  private Scenes() {}

  static BlockId id(String name) {
    return BlockId.parse(name);
  }

  static BlockPose at(String name, double x, double y) {
    return new BlockPose(id(name), x, y, 0);
  }

  /** A scene with the effector (and its target) at (ex, ey). */
  static SceneState scene(double ex, double ey, BlockPose... blocks) {
    return new SceneState(List.of(blocks), ex, ey, ex, ey);
  }

  static SceneState scene(BlockPose... blocks) {
    return scene(0.2, 0.25, blocks);
  }

  /** Blocks at uniform positions in the inner box, effector likewise. */
  static SceneState random(List<BlockId> blocks, Random rng) {
    List<BlockPose> poses = new ArrayList<>();
    for (BlockId b : blocks) {
      poses.add(
          new BlockPose(
              b,
              Workspace.INNER_X_MIN + rng.nextDouble() * (Workspace.INNER_X_MAX - Workspace.INNER_X_MIN),
              Workspace.INNER_Y_MIN + rng.nextDouble() * (Workspace.INNER_Y_MAX - Workspace.INNER_Y_MIN),
              rng.nextDouble() * 2 * Math.PI));
    }
    double ex = Workspace.INNER_X_MIN + rng.nextDouble() * (Workspace.INNER_X_MAX - Workspace.INNER_X_MIN);
    double ey = Workspace.INNER_Y_MIN + rng.nextDouble() * (Workspace.INNER_Y_MAX - Workspace.INNER_Y_MIN);
    return new SceneState(poses, ex, ey, ex, ey);
  }
}
