package org.chatvla4j.world.render;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.chatvla4j.world.BlockColor;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.BlockShape;
import org.chatvla4j.world.SceneState;

/**
 * Random tabletop scenes for the render and question tests, sampled like Language-Table's reset (inner box
 * x ∈ [0.23, 0.52], y ∈ [−0.2248, 0.2248], yaw ∈ [0, 2π), effector ≥ 0.06 m from every block) but with ≥ 0.045 m
 * between block centres instead of 0.0175 m, because there is no physics here to push overlapping blocks apart.
 * {@link #withNeighbours} then moves some blocks beside another, as a block2block push leaves them (0.036–0.05 m).
 */
public final class TestScenes {
  public static final List<BlockId> BLOCK_8 = List.of(
      id("red_moon"), id("red_pentagon"), id("blue_moon"), id("blue_cube"),
      id("green_cube"), id("green_star"), id("yellow_star"), id("yellow_pentagon"));

  private TestScenes() {}

  private static BlockId id(String name) {
    return BlockId.parse(name);
  }

  public static List<BlockId> allSixteen() {
    List<BlockId> all = new ArrayList<>();
    for (BlockColor c : BlockColor.values()) {
      for (BlockShape s : BlockShape.values()) {
        all.add(new BlockId(c, s));
      }
    }
    return all;
  }

  /** The eight BLOCK_8 blocks at random poses. */
  public static SceneState block8(RandomGenerator rng) {
    return place(BLOCK_8, rng);
  }

  /** k distinct blocks of the 16, as N_CHOOSE_K draws them (k in 4..10 there). */
  public static SceneState nChooseK(RandomGenerator rng, int k) {
    List<BlockId> all = allSixteen();
    for (int i = all.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      BlockId t = all.get(i);
      all.set(i, all.get(j));
      all.set(j, t);
    }
    return place(all.subList(0, k), rng);
  }

  public static SceneState place(List<BlockId> ids, RandomGenerator rng) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      List<BlockPose> poses = new ArrayList<>();
      double ex = uniform(rng, 0.23, 0.52);
      double ey = uniform(rng, -0.2248, 0.2248);
      boolean ok = true;
      for (BlockId id : ids) {
        BlockPose pose = null;
        for (int t = 0; t < 50 && pose == null; t++) {
          double x = uniform(rng, 0.23, 0.52);
          double y = uniform(rng, -0.2248, 0.2248);
          boolean free = Math.hypot(x - ex, y - ey) > 0.06;
          for (BlockPose p : poses) {
            free &= p.distanceTo(x, y) >= 0.045;
          }
          if (free) {
            pose = new BlockPose(id, x, y, uniform(rng, 0, 2 * Math.PI));
          }
        }
        if (pose == null) {
          ok = false;
          break;
        }
        poses.add(pose);
      }
      if (ok) {
        return new SceneState(poses, ex, ey, ex, ey);
      }
    }
    throw new IllegalStateException("could not place " + ids.size() + " blocks");
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
