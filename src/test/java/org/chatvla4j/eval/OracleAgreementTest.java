package org.chatvla4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalConfig;
import org.chatvla4j.world.eval.EvalReport;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.oracle.PushOracle;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.SceneRenderer;
import org.junit.jupiter.api.Test;

/** The agreement check's arithmetic at its two ends: the oracle scored against itself, and a scene-blind zero action. */
class OracleAgreementTest {
  static final EvalConfig EPISODES = new EvalConfig(List.of(TaskFamily.BLOCK2BLOCK, TaskFamily.SEPARATE), 1, 60, BlockSet.BLOCK_4, 3);

  static OracleAgreement agreement(int every) {
    return new OracleAgreement(EPISODES, SceneRenderer.languageTable(new ImageSize(45, 80)), every, 8);
  }

  @Test
  void theOracleAgreesWithItselfExactly() {
    // Asked every step, a second oracle on the same observations walks the same state machine.
    OracleAgreement.Result r = agreement(1).run(env -> new PushOracle(env::task));
    assertTrue(r.frames() > 10, "frames " + r.frames());
    assertEquals(1, r.episodesPerFamily());
    assertEquals(1, r.every());
    assertEquals(1.0, r.meanCosine(), 1e-12);
    assertEquals(0.0, r.meanL2Error(), 0.0);
    assertTrue(r.zeroActionL2Error() > 0.005, "the oracle moves: " + r.zeroActionL2Error());
    assertEquals(1.0, r.reasoningExact(), 0.0);
    assertEquals(1.0, r.stepMatch(), 0.0);
    assertEquals(1.0, r.headingMatch(), 0.0);
    assertEquals(1.0, r.headingNamed(), 0.0, "an episode ends when solved, so every step asked is a moving one");
  }

  @Test
  void onItsOwnStatesTheOracleAgreesWithItsWatcher() {
    // The watcher follows the same episode and is asked at the same steps, so it walks the same state machine.
    OracleAgreement.OnOwnStates own = new OracleAgreement.OnOwnStates();
    EvalReport report = new RolloutRunner(EPISODES).progress(false).run(env -> own.watch(new PushOracle(env::task), env));
    OracleAgreement.Result r = own.result(1, 1);
    int steps = report.families().stream().mapToInt(f -> (int) Math.round(f.meanSteps() * f.successes())).sum();
    assertEquals(2, report.families().stream().mapToInt(EvalReport.FamilyResult::successes).sum(), "both episodes solved");
    assertEquals(steps, r.frames(), "one score per step");
    assertEquals(1.0, r.meanCosine(), 1e-12);
    assertEquals(0.0, r.meanL2Error(), 0.0);
    assertEquals(1.0, r.reasoningExact(), 0.0);
    assertEquals(1.0, r.headingMatch(), 0.0);
  }

  @Test
  void onItsOwnStatesAZeroActionNamesNoHeading() {
    OracleAgreement.OnOwnStates own = new OracleAgreement.OnOwnStates();
    new RolloutRunner(EPISODES).progress(false).run(env -> own.watch(new ZeroActionPolicy(), env));
    OracleAgreement.Result r = own.result(1, 1);
    // Standing still for all 60 steps of both episodes, asked every step.
    assertEquals(2 * EPISODES.maxSteps(), r.frames());
    assertEquals(0.0, r.meanCosine(), 0.0);
    assertEquals(r.zeroActionL2Error(), r.meanL2Error(), 1e-15);
    assertEquals(0.0, r.headingNamed(), 0.0);
    assertEquals(0.0, r.headingMatch(), 0.0);
  }

  @Test
  void aZeroActionScoresCosineZeroAndTheZeroError() {
    OracleAgreement.Result all = agreement(1).run(env -> new ZeroActionPolicy());
    OracleAgreement.Result half = agreement(2).run(env -> new ZeroActionPolicy());
    assertEquals(0.0, all.meanCosine(), 0.0);
    assertEquals(all.zeroActionL2Error(), all.meanL2Error(), 1e-15, "a zero action's error is the oracle's step length");
    assertEquals(0.0, all.reasoningExact(), 0.0, "it says nothing");
    assertEquals(0.0, all.headingNamed(), 0.0);
    assertEquals(0.0, all.stepMatch(), 0.0);
    // Only frames where the oracle names a heading count, so silence never matches (it did when "Done." met "").
    assertEquals(0.0, all.headingMatch(), 0.0);
    // The oracle's path does not depend on who is asked beside it, so every 2nd step scores half the frames (rounded up).
    assertEquals((all.frames() + EPISODES.families().size()) / 2, half.frames(), 1);
  }
}
