package org.chatvla4j.world.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.EpisodeListener;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalConfig;
import org.chatvla4j.world.eval.EvalReport;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.task.AbsoluteLocation;
import org.chatvla4j.world.task.Block2AbsoluteLocationTask;
import org.chatvla4j.world.task.Block2BlockTask;
import org.chatvla4j.world.task.Task;
import org.junit.jupiter.api.Test;

class PushOracleTest {

  /** The brief's bar: ≥ 90 % per eval family with BLOCK_8 (here 12 fixed seeds per family, 60 episodes). */
  @Test
  void solvesEveryEvalFamily() {
    EvalReport r =
        new RolloutRunner(EvalConfig.OFFICIAL.withEpisodes(12).withSeed(7))
            .progress(false)
            .run(env -> new PushOracle(env::task));
    for (EvalReport.FamilyResult f : r.families()) {
      assertTrue(f.successes() >= 11, f.family() + ": " + f.successes() + "/12\n" + r.table());
    }
  }

  @Test
  void pointsAtBlocks() {
    EvalReport r =
        new RolloutRunner(new EvalConfig(List.of(TaskFamily.POINT2BLOCK), 8, 200, BlockSet.BLOCK_4, 0))
            .progress(false)
            .run(env -> new PushOracle(env::task));
    assertEquals(8, r.result(TaskFamily.POINT2BLOCK).successes(), r.table());
  }

  /** Every frame carries a sentence in the task's words; the phases run travel → push; a solved task says Done. */
  @Test
  void reasoningPerStep() {
    TabletopEnv env = new TabletopEnv(BlockSet.BLOCK_8, TaskFamily.BLOCK2ABSOLUTELOCATION, false, null, PushOracle::canPlan);
    PushOracle oracle = new PushOracle(env::task);
    List<String> sentences = new ArrayList<>();
    EpisodeListener recorder =
        new EpisodeListener() {
          @Override
          public void stepped(Step step) {
            sentences.add(step.reasoning());
          }
        };
    RolloutRunner.EpisodeResult r = RolloutRunner.runEpisode(env, oracle, env.family(), 0, 3, 200, recorder);
    assertTrue(r.success());
    assertEquals(r.steps(), sentences.size());
    Task task = env.task();
    String block = task.blockText();
    String behind = "Move behind the " + block + ", ";
    String push = "Push the " + block + " " + task.goalPhrase() + ", ";
    String turn = "Turn the " + block + ", ";
    assertTrue(push.matches("Push the \\w+ \\w+ towards (the [a-z ]+|your base), "), push);
    assertTrue(sentences.get(0).startsWith(behind), sentences.get(0));
    assertTrue(sentences.stream().anyMatch(s -> s.startsWith(push)), sentences.toString());
    String headings = "(up|down|left|right|up and left|up and right|down and left|down and right)\\.";
    for (String s : sentences) {
      assertTrue((s.startsWith(behind) || s.startsWith(push) || s.startsWith(turn)) && s.matches(".*, " + headings), s);
    }
    // Asked again on the solved scene, the oracle stands still and says so.
    double[][] a = oracle.act(new Observation(env.scene(), task.instruction(), env.family(), env.steps(), null));
    assertArrayEquals(new double[] {0, 0}, a[0]);
    assertEquals(SubstepReasoning.DONE, oracle.reasoning().orElseThrow());
    assertEquals(Phase.DONE, oracle.phase());
  }

  @Test
  void sentences() {
    BlockId moon = BlockId.parse("red_moon");
    Task corner =
        new Block2AbsoluteLocationTask(
            "push the red moon to the top left corner", moon, "red moon", AbsoluteLocation.TOP_LEFT, "top left corner");
    assertEquals("Move behind the red moon.", SubstepReasoning.sentence(Phase.MOVE_TO_PRE_BLOCK_AVOID, corner));
    assertEquals("Push the red moon towards the top left corner.", SubstepReasoning.sentence(Phase.PUSH_BLOCK, corner));
    assertEquals("Turn the red moon.", SubstepReasoning.sentence(Phase.ORIENT_BLOCK_RIGHT, corner));
    assertEquals("Done.", SubstepReasoning.sentence(Phase.DONE, corner));
    // Headings in the board's words: up = −x (towards the base), left = −y; 45° sectors, rounded to the nearest.
    assertEquals("Move behind the red moon, up.", SubstepReasoning.sentence(Phase.MOVE_TO_PRE_BLOCK, corner, new double[] {-0.02, 0}));
    assertEquals("Push the red moon towards the top left corner, up and left.",
        SubstepReasoning.sentence(Phase.PUSH_BLOCK, corner, new double[] {-0.01, -0.01}));
    assertEquals("Turn the red moon, down and right.", SubstepReasoning.sentence(Phase.ORIENT_BLOCK_LEFT, corner, new double[] {0.01, 0.012}));
    assertEquals("left", SubstepReasoning.heading(new double[] {0.003, -0.02}));
    assertEquals("right", SubstepReasoning.heading(new double[] {-0.003, 0.02}));
    assertEquals("down", SubstepReasoning.heading(new double[] {0.02, 0.001}));
    assertEquals("down and left", SubstepReasoning.heading(new double[] {0.01, -0.011}));
    assertEquals("up and right", SubstepReasoning.heading(new double[] {-0.011, 0.01}));
    assertEquals("up and left", SubstepReasoning.headingOf("Push the red moon towards the top left corner, up and left."));
    assertEquals("", SubstepReasoning.headingOf("Push the red block next to the star."));
    assertEquals("", SubstepReasoning.headingOf("Move behind the red moon, sideways."));
    assertEquals("Push the red moon towards the top left corner.",
        SubstepReasoning.withoutHeading("Push the red moon towards the top left corner, up and left. "));
    assertEquals("Move behind the red moon, sideways.", SubstepReasoning.withoutHeading("Move behind the red moon, sideways."));
    assertEquals("Done.", SubstepReasoning.withoutHeading("Done."));
    // Standing still, or solved: no heading.
    assertEquals("Move to the red moon.", SubstepReasoning.sentence(Phase.POINT_AT_BLOCK, corner, new double[] {0, 5e-5}));
    assertEquals("Done.", SubstepReasoning.sentence(Phase.DONE, corner, new double[] {0.01, 0}));
    Task base =
        new Block2AbsoluteLocationTask("move the moon to the towards your base", moon, "moon", AbsoluteLocation.TOP, "towards your base");
    assertEquals("Push the moon towards your base.", SubstepReasoning.sentence(Phase.PUSH_BLOCK, base));
    Task toBlock =
        new Block2BlockTask("slide the red block next to the star", moon, "red block", BlockId.parse("green_star"), "star", "next to the");
    assertEquals("Push the red block next to the star.", SubstepReasoning.sentence(Phase.PUSH_BLOCK, toBlock));
  }

  /** The eval's layout check: a pushed block starting within 3 cm of another block's centre cannot be planned. */
  @Test
  void canPlanRejectsCrowdedStarts() {
    BlockId moon = BlockId.parse("red_moon");
    Task t = new Block2AbsoluteLocationTask("x", moon, "red moon", AbsoluteLocation.BOTTOM, "bottom");
    SceneState crowded =
        new SceneState(
            List.of(new BlockPose(moon, 0.3, 0.0, 0), new BlockPose(BlockId.parse("blue_cube"), 0.3, 0.025, 0)),
            0.2, 0.2, 0.2, 0.2);
    SceneState free =
        new SceneState(
            List.of(new BlockPose(moon, 0.3, 0.0, 0), new BlockPose(BlockId.parse("blue_cube"), 0.45, 0.0, 0)),
            0.2, 0.2, 0.2, 0.2);
    assertFalse(PushOracle.canPlan(crowded, t));
    assertTrue(PushOracle.canPlan(free, t), "a block in the way is planned around");
  }
}
