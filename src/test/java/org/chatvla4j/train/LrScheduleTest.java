package org.chatvla4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void warmupCosineMatchesTheClosedFormAtWarmupEndMidAndEnd() {
    LrSchedule.WarmupCosine s = new LrSchedule.WarmupCosine(1e-3, 0.1, 1e-4);
    int n = 200; // W = 20
    assertEquals(20, s.warmupSteps(n));
    assertEquals(0.0, s.lrAt(0, n), 0);
    assertEquals(1e-3 * 10 / 20, s.lrAt(10, n), 1e-15);
    assertEquals(1e-3 * 19 / 20, s.lrAt(19, n), 1e-15);
    assertEquals(1e-3, s.lrAt(20, n), 1e-15, "warmup end = peak");
    // Middle of the cosine: p = (110 - 20) / 180 = 1/2, so lr = floor + (peak - floor) / 2.
    assertEquals(1e-4 + 0.9e-3 * 0.5, s.lrAt(110, n), 1e-15);
    // Last step: p = 179 / 180.
    assertEquals(1e-4 + 0.9e-3 * 0.5 * (1 + Math.cos(Math.PI * 179 / 180)), s.lrAt(199, n), 1e-15);
    assertEquals(1.0006854e-4, s.lrAt(199, n), 1e-11);
    assertThrows(IllegalArgumentException.class, () -> s.lrAt(200, n));
  }

  @Test
  void noWarmupStartsAtThePeakAndConstantIsConstant() {
    LrSchedule.WarmupCosine s = new LrSchedule.WarmupCosine(2e-5, 0, 0);
    assertEquals(2e-5, s.lrAt(0, 8000), 0);
    assertEquals(1e-5, s.lrAt(4000, 8000), 1e-18);
    assertEquals(new LrSchedule.Constant(3e-4).lrAt(17, 20), 3e-4, 0);
  }

  @Test
  void recipeStepsScaleTheWarmupWithThem() {
    StageSpec stage = Recipes.builtIn("tabletop-chatvla").stages().get(0); // 1500 steps, warmup 5 %
    StageSpec half = stage.withSteps(750);
    assertEquals(1e-3, stage.lrAt(75), 1e-15);
    assertEquals(1e-3, half.lrAt(38), 1e-15);
    assertEquals(stage.checkpointEvery() / 2, half.checkpointEvery());
  }
}
