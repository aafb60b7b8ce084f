package org.chatvla4j.world.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.chatvla4j.world.BoardHeading;
import org.junit.jupiter.api.Test;

/** The sub-step headings now come from {@link BoardHeading}; the words must be those the oracle always wrote. */
class SubstepReasoningTest {
  private static final String[] OLD_HEADINGS = {
    "right", "up and right", "up", "up and left", "left", "down and left", "down", "down and right"
  };

  /** SubstepReasoning.heading before it delegated, kept verbatim as the control implementation. */
  private static String oldHeading(double[] delta) {
    double angle = Math.toDegrees(Math.atan2(-delta[0], delta[1]));
    int sector = Math.floorMod((int) Math.round(angle / 45.0), 8);
    return OLD_HEADINGS[sector];
  }

  @Test
  void headingMatchesThePreviousFormulaEverywhere() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      double[] d = {rng.nextDouble(-0.05, 0.05), rng.nextDouble(-0.05, 0.05)};
      assertEquals(oldHeading(d), SubstepReasoning.heading(d), d[0] + ", " + d[1]);
    }
    // Exact sector edges, diagonals, axes and signed zeros, where rounding decides.
    double[] values = {0.0, -0.0, 1e-9, -1e-9, 0.01, -0.01, 0.02, -0.02, 0.0041421356237309, -0.0041421356237309};
    for (double dx : values) {
      for (double dy : values) {
        double[] d = {dx, dy};
        assertEquals(oldHeading(d), SubstepReasoning.heading(d), dx + ", " + dy);
      }
    }
    for (int tenth = -1800; tenth <= 1800; tenth++) {
      double t = Math.toRadians(tenth / 10.0);
      double[] d = {-0.03 * Math.sin(t), 0.03 * Math.cos(t)};
      assertEquals(oldHeading(d), SubstepReasoning.heading(d), tenth / 10.0 + "°");
    }
  }

  @Test
  void headingOfAndWithoutHeadingKnowTheEightWords() {
    for (String h : OLD_HEADINGS) {
      String sentence = "Move behind the red moon, " + h + ".";
      assertEquals(h, SubstepReasoning.headingOf(sentence));
      assertEquals("Move behind the red moon.", SubstepReasoning.withoutHeading(sentence));
    }
    assertEquals("", SubstepReasoning.headingOf("Move behind the red moon, upwards."));
  }
}
