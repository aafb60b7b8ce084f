package org.chatvla4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalConfig;
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
    assertEquals(1.0, r.headingMatch(), 0.0);
  }

  @Test
  void aZeroActionScoresCosineZeroAndTheZeroError() {
    OracleAgreement.Result all = agreement(1).run(env -> new ZeroActionPolicy());
    OracleAgreement.Result half = agreement(2).run(env -> new ZeroActionPolicy());
    assertEquals(0.0, all.meanCosine(), 0.0);
    assertEquals(all.zeroActionL2Error(), all.meanL2Error(), 1e-15, "a zero action's error is the oracle's step length");
    assertEquals(0.0, all.reasoningExact(), 0.0, "it says nothing");
    // The oracle's path does not depend on who is asked beside it, so every 2nd step scores half the frames (rounded up).
    assertEquals((all.frames() + EPISODES.families().size()) / 2, half.frames(), 1);
  }
}
