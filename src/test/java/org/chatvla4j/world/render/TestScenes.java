package org.chatvla4j.world.render;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;

/**
 * Tabletop scenes for the render and question tests, drawn by the world's own reset ({@link TabletopEnv#reset}: the
 * reset box, yaw, spacing and clearance of Language-Table, then 200 substeps of settling), so the tests see the
 * layouts the datasets are made of. {@link #withNeighbours} then moves some blocks beside another, as a block2block
 * push leaves them (0.036–0.05 m), to exercise "next to" more often than resets alone do.
 */
public final class TestScenes {
  private TestScenes() {}

  /** A settled BLOCK_8 reset scene; the seed is drawn from {@code rng}. */
  public static SceneState block8(RandomGenerator rng) {
    return reset(BlockSet.BLOCK_8, rng);
  }

  /** A settled N_CHOOSE_K reset scene (4 to 10 blocks of the 16, training split); the seed is drawn from {@code rng}. */
  public static SceneState nChooseK(RandomGenerator rng) {
    return reset(BlockSet.N_CHOOSE_K, rng);
  }

  private static SceneState reset(BlockSet set, RandomGenerator rng) {
    TabletopEnv env = new TabletopEnv(set, TaskFamily.BLOCK2BLOCK);
    return env.reset(rng.nextLong()).scene();
  }

  /**
   * With probability 1/2 per attempt (two attempts), moves a random block to 0.036–0.05 m from another one, if it
   * stays ≥ 0.036 m from the rest: scenes where "next to" holds, as after block2block episodes.
   */
  public static SceneState withNeighbours(SceneState scene, RandomGenerator rng) {
    List<BlockPose> poses = new ArrayList<>(scene.blocks());
    if (poses.size() < 2) {
      return scene;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      if (rng.nextBoolean()) {
        continue;
      }
      int mover = rng.nextInt(poses.size());
      int anchor = (mover + 1 + rng.nextInt(poses.size() - 1)) % poses.size();
      double angle = uniform(rng, 0, 2 * Math.PI);
      double d = uniform(rng, 0.036, 0.05);
      double x = poses.get(anchor).x() + d * Math.cos(angle);
      double y = poses.get(anchor).y() + d * Math.sin(angle);
      boolean free = Math.hypot(x - scene.effectorX(), y - scene.effectorY()) > 0.06;
      for (int k = 0; k < poses.size(); k++) {
        if (k != mover && k != anchor) {
          free &= poses.get(k).distanceTo(x, y) >= 0.036;
        }
      }
      if (free) {
        BlockPose old = poses.get(mover);
        poses.set(mover, new BlockPose(old.id(), x, y, old.yaw()));
      }
    }
    return new SceneState(poses, scene.effectorX(), scene.effectorY(), scene.targetX(), scene.targetY());
  }

  private static double uniform(RandomGenerator rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }
}
