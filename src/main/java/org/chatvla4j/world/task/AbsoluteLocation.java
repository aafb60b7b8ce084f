package org.chatvla4j.world.task;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.chatvla4j.world.Workspace;

/**
 * The nine board anchors of block2absolutelocation ({@code rewards/block2absolutelocation.py}). X is shifted by
 * −0.025 m from the workspace (the arm's bounds are not centred on the board), so the anchors sit on the board
 * edges: X_MIN 0.125, CENTER_X 0.35, X_MAX 0.575; Y ±0.3048 or 0.
 */
public enum AbsoluteLocation {
  TOP(Constants.X_MIN, Constants.CENTER_Y, "top side", "top", "towards your base"),
  TOP_LEFT(Constants.X_MIN, Constants.Y_MIN, "top left of the board", "top left", "upper left corner", "top left corner"),
  TOP_RIGHT(
      Constants.X_MIN, Constants.Y_MAX, "top right of the board", "top right", "upper right corner", "top right corner"),
  CENTER(Constants.CENTER_X, Constants.CENTER_Y, "middle of the board", "center of the board", "center", "middle"),
  CENTER_LEFT(Constants.CENTER_X, Constants.Y_MIN, "left side of the board", "center left", "left side"),
  CENTER_RIGHT(Constants.CENTER_X, Constants.Y_MAX, "right side of the board", "center right", "right side"),
  BOTTOM(Constants.X_MAX, Constants.CENTER_Y, "bottom side", "bottom"),
  BOTTOM_LEFT(
      Constants.X_MAX, Constants.Y_MIN, "bottom left of the board", "bottom left", "lower left corner", "bottom left corner"),
  BOTTOM_RIGHT(
      Constants.X_MAX,
      Constants.Y_MAX,
      "bottom right of the board",
      "bottom right",
      "lower right corner",
      "bottom right corner");

  /** Success radius for every anchor but the centre. */
  public static final double TARGET_DISTANCE = 0.115;

  /** Success radius for {@link #CENTER}. */
  public static final double CENTER_TARGET_DISTANCE = 0.1;

  private final double x;
  private final double y;
  private final List<String> synonyms;

  AbsoluteLocation(double x, double y, String... synonyms) {
    this.x = x;
    this.y = y;
    this.synonyms = List.of(synonyms);
  }

  public double x() {
    return x;
  }

  public double y() {
    return y;
  }

  /** The location's phrases, in the original order. */
  public List<String> synonyms() {
    return synonyms;
  }

  /** The success radius of this anchor. */
  public double radius() {
    return this == CENTER ? CENTER_TARGET_DISTANCE : TARGET_DISTANCE;
  }

  /** The original's key, e.g. {@code top_left}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The locations sorted by key, the order the original samples from ({@code sorted(ABSOLUTE_LOCATIONS)}). */
  public static List<AbsoluteLocation> sortedByKey() {
    return Arrays.stream(values()).sorted(Comparator.comparing(AbsoluteLocation::key)).toList();
  }

  private static final class Constants {
    static final double X_BUFFER = 0.025;
    static final double X_MIN = Workspace.X_MIN - X_BUFFER;
    static final double X_MAX = Workspace.X_MAX - X_BUFFER;
    static final double Y_MIN = Workspace.Y_MIN;
    static final double Y_MAX = Workspace.Y_MAX;
    static final double CENTER_X = (X_MAX - X_MIN) / 2. + X_MIN;
    static final double CENTER_Y = (Y_MAX - Y_MIN) / 2. + Y_MIN;
  }
}
