package org.chatvla4j.world.vqa;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

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

  /**
   * The families generated datasets and evaluations ask by default: all but {@link #ARM_DIRECTION}. That one is asked
   * on request (a diagnostic: can the model see where the arm is?). With it in the demo's training mix (964 of 19,136
   * questions) one demo run named the right step and block in 8 % of oracle frames and 0 % of its own states, against
   * 25 % and 46–51 % in two runs without it.
   */
  public static Set<QuestionFamily> standard() {
    Set<QuestionFamily> s = EnumSet.allOf(QuestionFamily.class);
    s.remove(ARM_DIRECTION);
    return s;
  }

  /**
   * A {@code --question-families} list: {@link #standard} when empty or null, every family for {@code all}, else the
   * named ones; an unknown key fails naming the option and the known keys.
   */
  public static Set<QuestionFamily> parseList(java.util.List<String> keys) {
    if (keys == null || keys.isEmpty()) {
      return standard();
    }
    Set<QuestionFamily> out = EnumSet.noneOf(QuestionFamily.class);
    for (String k : keys) {
      if (k.trim().equals("all")) {
        out.addAll(EnumSet.allOf(QuestionFamily.class));
        continue;
      }
      try {
        out.add(parse(k));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--question-families: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Every family's {@link #key}, in declaration order: what error messages list. */
  public static java.util.List<String> keys() {
    return Arrays.stream(values()).map(QuestionFamily::key).toList();
  }

  /** The family whose {@link #key} is {@code key}; the error lists the keys. */
  public static QuestionFamily parse(String key) {
    for (QuestionFamily f : values()) {
      if (f.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown question family '" + key + "'; known: "
        + String.join(", ", keys()));
  }
}
