package org.chatvla4j.serve;

import java.util.Optional;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.render.ImageSize;

/**
 * The playground's scenes as the checkpoint's {@code dataset_stats.json} says the model was trained on them: the
 * blocks on the table and the frame size the model is asked about. Neither shows in the weights, and a mismatch fails
 * without an error (a BLOCK_8 model shown BLOCK_4 scenes never meets half the blocks it learned to name; a 90×160 model
 * answers nonsense about 180×320 frames). Checkpoints that record neither get Language-Table's BLOCK_4 and 180×320,
 * and {@link #describe} says so.
 *
 * @param blockSetRecorded whether {@code blockSet} is the recorded one rather than the BLOCK_4 default
 * @param framesRecorded whether {@code modelFrames} is the recorded size rather than Language-Table's
 */
record PlaygroundWorld(BlockSet blockSet, ImageSize modelFrames, boolean blockSetRecorded, boolean framesRecorded) {
  static final BlockSet DEFAULT_BLOCK_SET = BlockSet.BLOCK_4;

  static PlaygroundWorld of(Optional<DatasetStats> stats) {
    Optional<BlockSet> set = stats.flatMap(DatasetStats::blockSet).map(PlaygroundWorld::parse);
    Optional<ImageSize> frames = stats.flatMap(DatasetStats::firstCameraSize).map(f -> new ImageSize(f.height(), f.width()));
    return new PlaygroundWorld(set.orElse(DEFAULT_BLOCK_SET), frames.orElse(ImageSize.languageTable()), set.isPresent(),
        frames.isPresent());
  }

  /** For the serve banner, e.g. {@code scenes BLOCK_8 (dataset_stats.json), model frames 90x160 (dataset_stats.json)}. */
  String describe() {
    return "scenes " + blockSet + source(blockSetRecorded) + ", model frames " + modelFrames.height() + "x"
        + modelFrames.width() + source(framesRecorded);
  }

  private static String source(boolean recorded) {
    return recorded ? " (dataset_stats.json)" : " (default: dataset_stats.json records none)";
  }

  private static BlockSet parse(String name) {
    try {
      return BlockSet.parse(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dataset_stats.json block_set: " + e.getMessage()
          + "; correct it to the set the model was trained on, or remove the field to get " + DEFAULT_BLOCK_SET, e);
    }
  }
}
