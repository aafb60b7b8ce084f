package org.chatvla4j.world.vqa;

import java.util.Locale;

/**
 * The question families accuracy is reported by (CLEVR's kinds plus the Language-Table ones of §9, and the arm's
 * direction to a block in the reasoning's words).
 */
public enum QuestionFamily {
  QUERY_COLOR,
  QUERY_SHAPE,
  EXIST,
  COUNT,
  COMPARE_COUNT,
  SAME_COLOR,
  SAME_SHAPE,
  SPATIAL_ONE_HOP,
  SPATIAL_TWO_HOP,
  REGION,
  CLOSEST,
  NEXT_TO,
  /** Which way a block lies from the arm, in the eight headings of the robot's sub-step reasoning. */
  ARM_DIRECTION;

  /** The report name, e.g. {@code spatial_one_hop}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
