package org.chatvla4j.world.vqa;

import java.util.List;
import java.util.Locale;
import org.chatvla4j.world.task.AbsoluteLocation;

/**
 * The nine absolute locations of block2absolutelocation with their anchors (X shifted by −0.025: rows at x = 0.125,
 * 0.35, 0.575; columns at y = −0.3048, 0, 0.3048; tabletop-benchmark.md §5). A block is in the region of its nearest
 * anchor; the anchors form a grid, so the regions are a 3 × 3 split at the midpoints x = 0.2375, 0.4625 and
 * y = ±0.1524. A block pushed successfully "to the top left corner" (within 0.115 m of that anchor) is therefore, but
 * for a 2.5 mm sliver, in the top left region.
 */
public enum Region {
  TOP_LEFT(0, 0, List.of("top left corner", "upper left corner", "top left")),
  TOP(0, 1, List.of("top side", "top")),
  TOP_RIGHT(0, 2, List.of("top right corner", "upper right corner", "top right")),
  CENTER_LEFT(1, 0, List.of("left side", "center left")),
  CENTER(1, 1, List.of("center", "middle")),
  CENTER_RIGHT(1, 2, List.of("right side", "center right")),
  BOTTOM_LEFT(2, 0, List.of("bottom left corner", "lower left corner", "bottom left")),
  BOTTOM(2, 1, List.of("bottom side", "bottom")),
  BOTTOM_RIGHT(2, 2, List.of("bottom right corner", "lower right corner", "bottom right"));

  // The anchors are block2absolutelocation's, so "the top left region" and "the top left corner" share one definition.
  static final double[] ROW_X = {AbsoluteLocation.TOP.x(), AbsoluteLocation.CENTER.x(), AbsoluteLocation.BOTTOM.x()};
  static final double[] COLUMN_Y = {
    AbsoluteLocation.CENTER_LEFT.y(), AbsoluteLocation.CENTER.y(), AbsoluteLocation.CENTER_RIGHT.y()
  };
  static final double[] ROW_SPLITS = {(ROW_X[0] + ROW_X[1]) / 2, (ROW_X[1] + ROW_X[2]) / 2};
  static final double[] COLUMN_SPLITS = {(COLUMN_Y[0] + COLUMN_Y[1]) / 2, (COLUMN_Y[1] + COLUMN_Y[2]) / 2};

  private final int row;
  private final int column;
  private final List<String> phrases;

  Region(int row, int column, List<String> phrases) {
    this.row = row;
    this.column = column;
    this.phrases = phrases;
  }

  /** Language-Table's location name, {@code top_left}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The canonical answer, {@code top left}, {@code center}. */
  public String answer() {
    return key().replace('_', ' ');
  }

  /** Ways to name the region in a sentence ("the top left corner of the board"), Language-Table's synonyms. */
  public List<String> phrases() {
    return phrases;
  }

  public double anchorX() {
    return ROW_X[row];
  }

  public double anchorY() {
    return COLUMN_Y[column];
  }

  /** The region of the nearest anchor. */
  public static Region of(double x, double y) {
    int r = x < ROW_SPLITS[0] ? 0 : x < ROW_SPLITS[1] ? 1 : 2;
    int c = y < COLUMN_SPLITS[0] ? 0 : y < COLUMN_SPLITS[1] ? 1 : 2;
    return values()[3 * r + c];
  }

  /** Distance from (x, y), inside this region, to the nearest boundary with another region. */
  public double distanceToBoundary(double x, double y) {
    double d = Double.POSITIVE_INFINITY;
    if (row > 0) {
      d = Math.min(d, Math.abs(x - ROW_SPLITS[row - 1]));
    }
    if (row < 2) {
      d = Math.min(d, Math.abs(x - ROW_SPLITS[row]));
    }
    if (column > 0) {
      d = Math.min(d, Math.abs(y - COLUMN_SPLITS[column - 1]));
    }
    if (column < 2) {
      d = Math.min(d, Math.abs(y - COLUMN_SPLITS[column]));
    }
    return d;
  }

  /**
   * Whether (x, y) lies in this region grown by {@code margin} on every side it shares with another region.
   */
  public boolean containsWithin(double x, double y, double margin) {
    boolean inRows = (row == 0 || x >= ROW_SPLITS[row - 1] - margin) && (row == 2 || x < ROW_SPLITS[row] + margin);
    boolean inCols = (column == 0 || y >= COLUMN_SPLITS[column - 1] - margin)
        && (column == 2 || y < COLUMN_SPLITS[column] + margin);
    return inRows && inCols;
  }
}
