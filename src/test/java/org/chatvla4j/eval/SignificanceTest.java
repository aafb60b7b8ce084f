package org.chatvla4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The eval's verdict statistics against closed forms: the paired sign test and the Wilson interval. */
class SignificanceTest {
  @Test
  void signTestTailsAreExactBinomialSums() {
    assertEquals(1.0 / 32, PairedSignTest.upperTail(5, 5), 1e-15, "5 of 5 split items to the model: ½⁵");
    assertEquals(5.0 / 16, PairedSignTest.upperTail(3, 4), 1e-15, "(C(4,3) + C(4,4)) / 2⁴");
    assertEquals(1.0, PairedSignTest.upperTail(0, 7), 1e-15);
    assertEquals(1.0, PairedSignTest.upperTail(0, 0), 1e-15, "no split item: no evidence");
    // (C(10,8) + C(10,9) + C(10,10)) / 1024 = 56 / 1024
    assertEquals(56.0 / 1024, PairedSignTest.upperTail(8, 10), 1e-15);
    // n = 2000: 2⁻ⁿ underflows a double, the log-space sum does not; by symmetry P(X ≥ 1000) = ½ + ½·P(X = 1000)
    double p1000 = Math.exp(logChoose(2000, 1000) - 2000 * Math.log(2));
    assertEquals(0.5 + 0.5 * p1000, PairedSignTest.upperTail(1000, 2000), 1e-12);
    assertTrue(PairedSignTest.upperTail(1200, 2000) > 0 && PairedSignTest.upperTail(1200, 2000) < 1e-15);
  }

  @Test
  void pairedOutcomesCountOnlyTheSplitItems() {
    boolean[] model = {true, true, true, false, false, true};
    boolean[] base = {true, false, false, true, false, false};
    PairedSignTest t = PairedSignTest.of("random", model, base);
    assertEquals(6, t.items());
    assertEquals(3, t.modelOnly());
    assertEquals(1, t.baselineOnly());
    assertEquals(5.0 / 16, t.pValue(), 1e-15);
    assertFalse(t.significant());
    boolean[] many = new boolean[40];
    java.util.Arrays.fill(many, true);
    PairedSignTest strong = PairedSignTest.of("zero action", many, new boolean[40]);
    assertEquals(Math.pow(0.5, 40), strong.pValue(), 1e-25);
    assertTrue(strong.significant());
    assertThrows(IllegalArgumentException.class, () -> PairedSignTest.of("random", model, new boolean[5]));
  }

  @Test
  void wilsonIntervalsMatchTheirClosedForm() {
    double z2 = WilsonInterval.Z * WilsonInterval.Z;
    WilsonInterval none = WilsonInterval.of(0, 10);
    assertEquals(0, none.low(), 0);
    assertEquals(z2 / (10 + z2), none.high(), 1e-12, "at 0 successes the upper bound is z²/(n + z²)");
    WilsonInterval half = WilsonInterval.of(5, 10);
    double halfWidth = WilsonInterval.Z * Math.sqrt(0.025 + z2 / 400) / (1 + z2 / 10);
    assertEquals(0.5 - halfWidth, half.low(), 1e-12);
    assertEquals(0.5 + halfWidth, half.high(), 1e-12);
    WilsonInterval demo = WilsonInterval.of(3, 50);
    assertEquals(0.0206, demo.low(), 1e-4, "6 % of 50 episodes");
    assertEquals(0.1622, demo.high(), 1e-4);
    WilsonInterval all = WilsonInterval.of(7, 7);
    assertEquals(1, all.high(), 0);
    assertEquals(7 / (7 + z2), all.low(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(3, 0));
    assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(4, 3));
  }

  private static double logChoose(int n, int k) {
    double s = 0;
    for (int i = 1; i <= k; i++) {
      s += Math.log((double) (n - k + i) / i);
    }
    return s;
  }
}
