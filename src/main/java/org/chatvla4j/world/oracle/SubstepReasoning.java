package org.chatvla4j.world.oracle;

import org.chatvla4j.world.task.Task;

/**
 * The sentence that names what the oracle is doing, in the task's own words (the block as the instruction named it,
 * the goal as the instruction phrased it). Recorders store one per frame as DexVLA's {@code substep_reasonings}:
 *
 * <ul>
 *   <li>travel and approach: "Move behind the red moon."
 *   <li>pushing: "Push the red moon towards the top left corner." / "Push the moon next to the blue cube."
 *   <li>orienting: "Turn the red moon."
 *   <li>pointing: "Move to the red moon."
 *   <li>solved: "Done."
 * </ul>
 */
public final class SubstepReasoning {
  private SubstepReasoning() {}

  public static final String DONE = "Done.";

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
