package org.chatvla4j.world;

import java.util.List;
import java.util.Optional;

/**
 * The eight board headings, 45° each, in the board's words (up = towards the robot base, −x; left = −y). The oracle's
 * sub-step reasoning ends with one ("Move behind the red moon, up and left.") and the arm-direction questions are
 * answered with one, so both live here: a question teaches the very words the reasoning uses for that motion.
 */
public enum BoardHeading {
  RIGHT("right"),
  UP_AND_RIGHT("up and right"),
  UP("up"),
  UP_AND_LEFT("up and left"),
  LEFT("left"),
  DOWN_AND_LEFT("down and left"),
  DOWN("down"),
  DOWN_AND_RIGHT("down and right");

  /** The width of one heading's sector; sector k is centred on k × 45° (0° = right, 90° = up). */
  public static final double SECTOR_DEGREES = 45.0;

  private static final List<String> WORDS = java.util.Arrays.stream(values()).map(BoardHeading::words).toList();

  private final String words;

  BoardHeading(String words) {
    this.words = words;
  }

  /** "up and left": the heading as the reasoning and the answers write it. */
  public String words() {
    return words;
  }

  /** The sector index, 0 = right, counting anticlockwise on the board (2 = up, 4 = left, 6 = down). */
  public int sector() {
    return ordinal();
  }

  /** The eight headings' words in sector order. */
  public static List<String> allWords() {
    return WORDS;
  }

  /** The board angle of a displacement (Δx, Δy in m) in degrees, within [−180, 180]: 0° = right (+y), 90° = up (−x). */
  public static double angleDegrees(double dx, double dy) {
    return Math.toDegrees(Math.atan2(-dx, dy));
  }

  /** The nearest of the eight headings to the displacement (Δx, Δy in m). */
  public static BoardHeading of(double dx, double dy) {
    int sector = Math.floorMod((int) Math.round(angleDegrees(dx, dy) / SECTOR_DEGREES), 8);
    return values()[sector];
  }

  /**
   * How many degrees the displacement's angle lies from the nearest sector boundary: 22.5 on a heading's centre line,
   * 0 where two headings meet (e.g. at 22.5°, between "right" and "up and right").
   */
  public static double degreesToBoundary(double dx, double dy) {
    double angle = angleDegrees(dx, dy);
    double fromCentre = Math.abs(angle - SECTOR_DEGREES * Math.round(angle / SECTOR_DEGREES));
    return SECTOR_DEGREES / 2 - fromCentre;
  }

  /** The heading these exact words name ("up and left"), or empty when they name none. */
  public static Optional<BoardHeading> parse(String words) {
    int i = WORDS.indexOf(words);
    return i < 0 ? Optional.empty() : Optional.of(values()[i]);
  }
}
