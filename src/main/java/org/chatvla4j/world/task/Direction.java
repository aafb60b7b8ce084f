package org.chatvla4j.world.task;

import java.util.Locale;

/**
 * The eight push directions of the relative-location families. Up = −x (towards the robot base, image top), down
 * = +x, left = −y, right = +y.
 */
public enum Direction {
  UP(-1, 0),
  DOWN(1, 0),
  LEFT(0, -1),
  RIGHT(0, 1),
  DIAGONAL_UP_LEFT(-1, -1),
  DIAGONAL_UP_RIGHT(-1, 1),
  DIAGONAL_DOWN_LEFT(1, -1),
  DIAGONAL_DOWN_RIGHT(1, 1);

  private final int dx;
  private final int dy;

  Direction(int dx, int dy) {
    this.dx = dx;
    this.dy = dy;
  }

  /** Sign of the x component (−1, 0, 1). */
  public int dx() {
    return dx;
  }

  /** Sign of the y component (−1, 0, 1). */
  public int dy() {
    return dy;
  }

  public boolean diagonal() {
    return dx != 0 && dy != 0;
  }

  /** The unit vector ({@code block2relativelocation} normalises the diagonals). */
  public double[] unit() {
    double n = Math.hypot(dx, dy);
    return new double[] {dx / n, dy / n};
  }

  /** For a diagonal, its vertical part (UP or DOWN). */
  public Direction vertical() {
    return dx < 0 ? UP : DOWN;
  }

  /** For a diagonal, its horizontal part (LEFT or RIGHT). */
  public Direction horizontal() {
    return dy < 0 ? LEFT : RIGHT;
  }

  /** The original's key, e.g. {@code diagonal_up_left}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
