package org.chatvla4j.world.oracle;

import org.chatvla4j.world.BoardHeading;
import org.chatvla4j.world.task.Task;

/**
 * The sentence that names what the oracle is doing, in the task's own words (the block as the instruction named it,
 * the goal as the instruction phrased it), and where the effector is heading on the board. Recorders store one per
 * frame as DexVLA's {@code substep_reasonings}:
 *
 * <ul>
 *   <li>travel and approach: "Move behind the red moon, down and left."
 *   <li>pushing: "Push the red moon towards the top left corner, up." / "Push the moon next to the blue cube, right."
 *   <li>orienting: "Turn the red moon, up and right."
 *   <li>pointing: "Move to the red moon, left."
 *   <li>solved: "Done."
 * </ul>
 *
 * <p>Why the heading: the action head sees the VLM only through mean-pooled hidden states, and at the tabletop preset's
 * size those pools carry almost no position (a ridge probe reads the effector's own xy from the pooled prompt with a
 * held-out R² of 0.01 at best: {@code ./chatvla bench ConditionProbe}). The language model does localise, token by
 * token (region questions 52 % vs 17 % majority), so the sub-step names the heading in words, as RT-H's language
 * motions do, and the reasoning the head is conditioned on carries the spatial decision. Eight headings, 45° each, in the board's words (up = towards the robot base, −x;
 * left = −y): {@link BoardHeading}, shared with the arm-direction questions so both say the same words.
 */
public final class SubstepReasoning {
  private SubstepReasoning() {}

  public static final String DONE = "Done.";

  /** Below this step length (m) the effector is standing still and the sentence names no heading. */
  static final double STILL = 1e-4;

  /** The phase's sentence with the heading of {@code delta} (Δx, Δy in m) before its full stop. */
  public static String sentence(Phase phase, Task task, double[] delta) {
    String base = sentence(phase, task);
    if (phase == Phase.DONE || Math.hypot(delta[0], delta[1]) < STILL) {
      return base;
    }
    return base.substring(0, base.length() - 1) + ", " + heading(delta) + ".";
  }

  /** The nearest of the eight board headings to {@code delta}: "up", "up and left", "left", … */
  public static String heading(double[] delta) {
    return BoardHeading.of(delta[0], delta[1]).words();
  }

  /** The heading a sentence ends with ("up and left" in "Move behind the red moon, up and left."), or "" for none. */
  public static String headingOf(String sentence) {
    int comma = sentence.lastIndexOf(", ");
    String tail = comma < 0 ? "" : sentence.substring(comma + 2).trim();
    String heading = tail.endsWith(".") ? tail.substring(0, tail.length() - 1) : tail;
    return BoardHeading.parse(heading).isPresent() ? heading : "";
  }

  /**
   * The sentence with its heading taken out ("Move behind the red moon, up and left." → "Move behind the red moon."):
   * what the step does and to which block, whichever way the effector is going.
   */
  public static String withoutHeading(String sentence) {
    String s = sentence.trim();
    String heading = headingOf(s);
    if (heading.isEmpty()) {
      return s;
    }
    return s.substring(0, s.lastIndexOf(", " + heading)) + ".";
  }

  /** The phase's sentence alone, without a heading. */
  public static String sentence(Phase phase, Task task) {
    String block = task.blockText();
    return switch (phase) {
      case MOVE_TO_PRE_BLOCK_AVOID, MOVE_TO_PRE_BLOCK, MOVE_TO_BLOCK -> "Move behind the " + block + ".";
      case PUSH_BLOCK -> "Push the " + block + " " + task.goalPhrase() + ".";
      case ORIENT_BLOCK_LEFT, ORIENT_BLOCK_RIGHT -> "Turn the " + block + ".";
      case POINT_AT_BLOCK -> "Move to the " + block + ".";
      case DONE -> DONE;
    };
  }
}
