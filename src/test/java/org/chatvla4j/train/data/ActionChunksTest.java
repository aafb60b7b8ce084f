package org.chatvla4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.TrainingSample;
import org.junit.jupiter.api.Test;

class ActionChunksTest {
  // Actions 0..4 in dim 0 and 0..-8 in dim 1; state std is clipped to 1e-2 where constant.
  private static final float[][] ACTIONS = {{0, 0}, {1, -2}, {2, -4}, {3, -6}, {4, -8}};
  private static final float[][] QPOS = {{1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}};
  private static final DatasetStats STATS = DatasetStats.compute(QPOS, ACTIONS);

  @Test
  void chunkFromTheFirstStepHasNoPadding() {
    TrainingSample.RobotTarget r = ActionChunks.at(ACTIONS, QPOS, 0, 4, STATS);
    assertEquals(4, r.actions().length);
    for (int k = 0; k < 4; k++) {
      assertFalse(r.isPad()[k]);
      // min-max with margins: 2 (a - (0 - 1e-4)) / (4 + 2e-4) - 1
      assertEquals(2 * (k + 1e-4) / (4 + 2e-4) - 1, r.actions()[k][0], 1e-6);
      assertEquals(2 * (-2 * k + 8 + 1e-4) / (8 + 2e-4) - 1, r.actions()[k][1], 1e-6);
    }
  }

  @Test
  void chunkAtTheEpisodeEndIsZeroPaddedAndFlagged() {
    TrainingSample.RobotTarget r = ActionChunks.at(ACTIONS, QPOS, 3, 4, STATS);
    assertArrayEquals(new boolean[] {false, false, true, true}, r.isPad());
    assertArrayEquals(STATS.normalizeAction(ACTIONS[3]), r.actions()[0]);
    assertArrayEquals(STATS.normalizeAction(ACTIONS[4]), r.actions()[1]);
    assertArrayEquals(new float[] {0, 0}, r.actions()[2]);
    assertArrayEquals(new float[] {0, 0}, r.actions()[3]);
    TrainingSample.RobotTarget last = ActionChunks.at(ACTIONS, QPOS, 4, 4, STATS);
    assertArrayEquals(new boolean[] {false, true, true, true}, last.isPad());
    // The last real action is the maximum of dim 0: it maps just inside +1.
    assertEquals(1 - 2e-4 / (4 + 2e-4), last.actions()[0][0], 1e-6);
    assertTrue(last.actions()[0][0] < 1);
  }

  @Test
  void stateIsZScoredWithTheClippedStd() {
    TrainingSample.RobotTarget r = ActionChunks.at(ACTIONS, QPOS, 4, 2, STATS);
    // qpos dim 0 = 1..5: mean 3, population std sqrt(2); dim 1 constant: std clipped to 1e-2, value 0.
    assertEquals((5 - 3) / Math.sqrt(2), r.state()[0], 1e-6);
    assertEquals(0, r.state()[1], 0);
  }
}
