package org.chatvla4j.world;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of the tabletop: the blocks on the table (in a fixed order), the measured effector position and the
 * commanded effector target. This is what renderers, question generators and success predicates read; it holds no
 * physics objects.
 */
public record SceneState(List<BlockPose> blocks, double effectorX, double effectorY, double targetX, double targetY) {
  public SceneState {
    blocks = List.copyOf(blocks);
  }

  public Optional<BlockPose> block(BlockId id) {
    return blocks.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /** The block's pose; throws naming the blocks present when it is not on the table. */
  public BlockPose require(BlockId id) {
    return block(id)
        .orElseThrow(
            () -> new IllegalArgumentException(id + " is not on the table; blocks: " + blocks.stream().map(BlockPose::id).toList()));
  }
}
