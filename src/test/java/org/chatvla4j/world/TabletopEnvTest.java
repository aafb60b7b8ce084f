package org.chatvla4j.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabletopEnvTest {

  private static List<SceneState> rollout(long seed) {
    TabletopEnv env = new TabletopEnv(BlockSet.BLOCK_8, TaskFamily.BLOCK2BLOCK);
    Observation o = env.reset(seed);
    List<SceneState> states = new ArrayList<>();
    states.add(o.scene());
    for (int i = 0; i < 30; i++) {
      double a = 0.7 * i;
      states.add(env.step(new double[] {0.03 * Math.cos(a), 0.03 * Math.sin(a)}).observation().scene());
    }
    return states;
  }

  /** Same seed, same actions: the same instruction and bitwise-identical states, run after run. */
  @Test
  void sameSeedSameTrajectory() {
    assertEquals(rollout(42), rollout(42));
    TabletopEnv a = new TabletopEnv(BlockSet.N_CHOOSE_K, TaskFamily.SEPARATE);
    TabletopEnv b = new TabletopEnv(BlockSet.N_CHOOSE_K, TaskFamily.SEPARATE);
    a.reset(1); // history must not matter
    assertEquals(a.reset(7), b.reset(7));
    assertNotEquals(rollout(1).get(0), rollout(2).get(0));
  }

  @Test
  void resetFollowsTheSamplingRules() {
    for (long seed = 0; seed < 20; seed++) {
      TabletopEnv env = new TabletopEnv(BlockSet.BLOCK_8, TaskFamily.BLOCK2ABSOLUTELOCATION);
      Observation o = env.reset(seed);
      SceneState s = o.scene();
      assertEquals(8, s.blocks().size());
      assertEquals(0, o.step());
      assertEquals(TaskFamily.BLOCK2ABSOLUTELOCATION, o.family());
      assertEquals(env.task().instruction(), o.instruction());
      assertTrue(s.targetX() >= Workspace.INNER_X_MIN && s.targetX() <= Workspace.INNER_X_MAX);
      assertTrue(s.targetY() >= Workspace.INNER_Y_MIN && s.targetY() <= Workspace.INNER_Y_MAX);
      assertEquals(s.targetX(), s.effectorX(), 1e-9);
      assertTrue(!env.succeeded(), "a fresh task is unsolved");
      for (BlockPose b : s.blocks()) {
        // Sampled in the inner box; settling moves overlapping blocks apart by a few cm at most.
        assertTrue(b.x() > Workspace.INNER_X_MIN - 0.05 && b.x() < Workspace.INNER_X_MAX + 0.05, b.toString());
        assertTrue(Math.abs(b.y()) < Workspace.INNER_Y_MAX + 0.05, b.toString());
      }
    }
  }

  @Test
  void actionsAreClippedPerAxisAndTheTargetToTheWorkspace() {
    TabletopEnv env = new TabletopEnv(BlockSet.BLOCK_4, TaskFamily.POINT2BLOCK);
    SceneState s0 = env.reset(3).scene();
    SceneState s1 = env.step(new double[] {0.5, -0.02}).observation().scene();
    assertEquals(s0.targetX() + 0.1, s1.targetX(), 1e-12);
    assertEquals(s0.targetY() - 0.02, s1.targetY(), 1e-12);
    for (int i = 0; i < 10; i++) {
      env.step(new double[] {0.1, 0.1});
    }
    SceneState s2 = env.scene();
    assertEquals(Workspace.X_MAX, s2.targetX(), 0);
    assertEquals(Workspace.Y_MAX, s2.targetY(), 0);
    assertEquals(11, env.steps());
  }

  @Test
  void badActionsAreRejectedClearly() {
    TabletopEnv env = new TabletopEnv(BlockSet.BLOCK_4, TaskFamily.BLOCK2BLOCK);
    IllegalStateException notReset = assertThrows(IllegalStateException.class, () -> env.step(new double[] {0, 0}));
    assertTrue(notReset.getMessage().contains("reset"));
    env.reset(0);
    for (double[] bad :
        new double[][] {{Double.NaN, 0}, {0, Double.POSITIVE_INFINITY}, {Double.NEGATIVE_INFINITY, 0}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(bad));
      assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0.1}));
    assertThrows(IllegalArgumentException.class, () -> env.step(null));
    assertEquals(0, env.steps(), "rejected actions do not step");
  }

  @Test
  void successEndsTheEpisodeWithTheGoalReward() {
    TabletopEnv env = new TabletopEnv(BlockSet.BLOCK_4, TaskFamily.POINT2BLOCK);
    SceneState s = env.reset(5).scene();
    BlockPose b = s.require(env.task().block());
    StepResult r = null;
    for (int i = 0; i < 20 && (r == null || !r.done()); i++) {
      double dx = b.x() - env.scene().targetX();
      double dy = b.y() - env.scene().targetY();
      double n = Math.hypot(dx, dy);
      double step = Math.min(0.02, Math.max(0, n - 0.04));
      r = env.step(new double[] {dx / n * step, dy / n * step});
    }
    assertTrue(r.success() && r.done());
    assertEquals(Workspace.GOAL_REWARD, r.reward());
  }

  @Test
  void rendererIsPluggable() {
    int[] calls = {0};
    FrameRenderer r =
        scene -> {
          calls[0]++;
          return new BufferedImage(32, 18, BufferedImage.TYPE_INT_RGB);
        };
    TabletopEnv env = new TabletopEnv(BlockSet.BLOCK_4, TaskFamily.BLOCK2BLOCK, true, r, null);
    Observation o = env.reset(0);
    assertEquals(0, calls[0], "rendering is lazy");
    assertEquals(32, o.rgb().orElseThrow().getWidth());
    assertEquals(1, calls[0]);
    assertTrue(new TabletopEnv(BlockSet.BLOCK_4, TaskFamily.BLOCK2BLOCK).reset(0).rgb().isEmpty());
  }

  @Test
  void layoutFilterIsApplied() {
    // A filter that only accepts a block2block task whose blocks start more than 25 cm apart.
    TabletopEnv env =
        new TabletopEnv(
            BlockSet.BLOCK_8,
            TaskFamily.BLOCK2BLOCK,
            true,
            null,
            (scene, task) -> {
              double[] t = task.target(scene);
              return scene.require(task.block()).distanceTo(t[0], t[1]) > 0.25;
            });
    for (long seed = 0; seed < 5; seed++) {
      env.reset(seed);
      double[] t = env.task().target(env.scene());
      assertTrue(env.scene().require(env.task().block()).distanceTo(t[0], t[1]) > 0.25);
    }
  }
}
