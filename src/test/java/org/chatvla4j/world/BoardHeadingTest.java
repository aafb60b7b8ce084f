package org.chatvla4j.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoardHeadingTest {
  /** A displacement of length r at board angle θ (0° = right = +y, 90° = up = −x). */
  static double[] at(double degrees, double r) {
    double t = Math.toRadians(degrees);
    return new double[] {-r * Math.sin(t), r * Math.cos(t)};
  }

  @Test
  void eachHeadingOnItsCentreLine() {
    List<String> expected = List.of("right", "up and right", "up", "up and left", "left", "down and left", "down",
        "down and right");
    assertEquals(expected, BoardHeading.allWords());
    for (int k = 0; k < 8; k++) {
      double[] d = at(45.0 * k, 0.1);
      BoardHeading h = BoardHeading.of(d[0], d[1]);
      assertEquals(expected.get(k), h.words(), "sector " + k);
      assertEquals(k, h.sector());
      assertEquals(22.5, BoardHeading.degreesToBoundary(d[0], d[1]), 1e-9, h.words());
    }
    // The axes in board words: up = −x (towards the base), left = −y.
    assertEquals(BoardHeading.UP, BoardHeading.of(-0.02, 0));
    assertEquals(BoardHeading.DOWN, BoardHeading.of(0.02, 0));
    assertEquals(BoardHeading.LEFT, BoardHeading.of(0, -0.02));
    assertEquals(BoardHeading.RIGHT, BoardHeading.of(0, 0.02));
    assertEquals(BoardHeading.UP_AND_LEFT, BoardHeading.of(-0.01, -0.01));
    assertEquals(BoardHeading.DOWN_AND_RIGHT, BoardHeading.of(0.01, 0.012));
  }

  @Test
  void degreesToBoundaryIsTheDistanceToTheNearestSectorEdge() {
    // 20° is "right" (sector 0 ends at 22.5°), 2.5° from the edge; −170° is "left", 12.5° from −157.5°.
    double[] d = at(20, 0.1);
    assertEquals(BoardHeading.RIGHT, BoardHeading.of(d[0], d[1]));
    assertEquals(2.5, BoardHeading.degreesToBoundary(d[0], d[1]), 1e-9);
    d = at(-170, 0.1);
    assertEquals(BoardHeading.LEFT, BoardHeading.of(d[0], d[1]));
    assertEquals(12.5, BoardHeading.degreesToBoundary(d[0], d[1]), 1e-9);
    d = at(100, 0.1);
    assertEquals(BoardHeading.UP, BoardHeading.of(d[0], d[1]));
    assertEquals(12.5, BoardHeading.degreesToBoundary(d[0], d[1]), 1e-9);
    for (int i = -3600; i <= 3600; i++) {
      double[] p = at(i / 20.0, 0.2);
      double toBoundary = BoardHeading.degreesToBoundary(p[0], p[1]);
      assertTrue(toBoundary >= -1e-9 && toBoundary <= 22.5 + 1e-9, i / 20.0 + "°: " + toBoundary);
    }
  }

  @Test
  void parseReadsExactlyTheEightWords() {
    for (BoardHeading h : BoardHeading.values()) {
      assertEquals(Optional.of(h), BoardHeading.parse(h.words()));
    }
    assertEquals(Optional.empty(), BoardHeading.parse("sideways"));
    assertEquals(Optional.empty(), BoardHeading.parse("Up"));
    assertEquals(Optional.empty(), BoardHeading.parse(""));
  }
}
