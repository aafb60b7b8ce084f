package org.chatvla4j.train;

import java.util.Optional;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.ChatVla;

/**
 * Opens a stage's {@link BatchSource}; the signature of {@code MixedBatchSource.create} in
 * {@code org.chatvla4j.train.data}, which the CLI passes. Tests pass in-memory sources.
 */
@FunctionalInterface
public interface BatchSourceFactory {
  /**
   * @param data the stage's resolved data
   * @param model the model being trained (its tokenizer, prompt builder and image processor make the samples)
   * @param batchSize samples per batch
   * @param seed the stage's shuffle seed
   * @param stats normalisation statistics of earlier stages or the resumed checkpoint (reuse them so every stage and
   *     inference normalise alike); empty = compute from the stage's episodes
   */
  BatchSource open(DataSpec data, ChatVla model, int batchSize, long seed, Optional<DatasetStats> stats);

  /**
   * Checks a stage's data against the model without building batches; the trainer runs it for every remaining stage
   * before the first step, so bad input in a late stage stops the run before any training. The default checks nothing
   * (in-memory sources).
   */
  default void check(DataSpec data, ChatVla model) {}
}
