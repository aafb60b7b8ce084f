package org.chatvla4j.train;

import java.util.Optional;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.TrainingBatch;

/**
 * A stage's stream of training batches. Deterministic and seekable: the batch at a position depends only on the
 * source's seed and that position, so a resumed run that seeks to its saved step sees exactly the batches the
 * uninterrupted run would have seen.
 */
public interface BatchSource {
  /** The batch at {@link #position()}; advances the position by one. */
  TrainingBatch next();

  /** Batches handed out so far (the index of the next batch). */
  long position();

  /** Makes {@code position} the next batch's index. */
  void seek(long position);

  /** The robot data's normalisation statistics, saved with every checkpoint; empty for a VQA-only stage. */
  Optional<DatasetStats> stats();
}
