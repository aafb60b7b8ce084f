package org.chatvla4j.world.vqa;

import java.util.List;
import java.util.Locale;
import org.chatvla4j.world.BlockPose;

/**
 * Spatial relations in the table's words (Language-Table's UP = −x, DOWN = +x, LEFT = −y, RIGHT = +y): "above" is
 * towards the top of the image, i.e. towards the robot base, smaller x.
 */
public enum Relation {
  LEFT(false, -1, List.of("left of", "to the left of", "to the left side of")),
  RIGHT(false, 1, List.of("right of", "to the right of", "to the right side of")),
  ABOVE(true, -1, List.of("above", "to the top of", "to the top side of")),
  BELOW(true, 1, List.of("below", "to the bottom of", "to the bottom side of"));

  private final boolean alongX;
  private final int sign;
  private final List<String> phrases;

  Relation(boolean alongX, int sign, List<String> phrases) {
    this.alongX = alongX;
    this.sign = sign;
    this.phrases = phrases;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Ways to say "b is ___ a", the block2blockrelativelocation synonyms. */
  public List<String> phrases() {
    return phrases;
  }

  /** How far {@code other} lies in this direction from {@code anchor}, in metres (negative: the other way). */
  public double offset(BlockPose anchor, BlockPose other) {
    return alongX ? sign * (other.x() - anchor.x()) : sign * (other.y() - anchor.y());
  }

  public static Relation parse(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
