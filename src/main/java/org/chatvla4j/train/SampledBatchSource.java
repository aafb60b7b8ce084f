package org.chatvla4j.train;

import java.util.List;
import org.chatvla4j.model.TrainingBatch;
import org.chatvla4j.model.TrainingSample;

/**
 * A {@link BatchSource} that also hands out a batch's samples uncollated, so a data-parallel rank can collate only its
 * share of each global batch.
 */
public interface SampledBatchSource extends BatchSource {
  /** The samples of batch {@code batch}, in batch order; does not move the position. */
  List<TrainingSample> samples(long batch);

  /** Collates samples the way {@link #next()} does. */
  TrainingBatch collate(List<TrainingSample> samples);
}
