package org.chatvla4j.world.task;

import java.util.Set;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;

/**
 * One sampled task: the instruction, which block moves, where it must go (recomputed from the current scene every
 * step, for the families whose goal follows other blocks) and the sparse success predicate
 * (tabletop-benchmark.md §5). Instances are immutable; whatever they remember from the reset (the target block's
 * start position for the drag check) is a field.
 */
public sealed interface Task
    permits Block2BlockTask,
        Block2AbsoluteLocationTask,
        Block2RelativeLocationTask,
        Block2BlockRelativeLocationTask,
        SeparateTask,
        Point2BlockTask {

  TaskFamily family();

  /** The instruction, lower case, as the original samples it. */
  String instruction();

  /** The block to push (point2block: the block to point at). */
  BlockId block();

  /** How the instruction names {@link #block()} ("red moon", "moon" or "red block"). */
  String blockText();

  /**
   * Where the instruction sends the block, in its own words, for sub-step reasoning: "towards the top left corner",
   * "next to the blue cube", "slightly up", "to the left of the blue cube", "away from the group".
   */
  String goalPhrase();

  /** The point the block must reach in the current scene (point2block: the block itself), {x, y}. */
  double[] target(SceneState scene);

  /** The sparse success predicate on the current scene. */
  boolean succeeded(SceneState scene);

  /** Blocks besides {@link #block()} that a planner must not treat as obstacles (the block2block target). */
  default Set<BlockId> notObstacles() {
    return Set.of();
  }
}
