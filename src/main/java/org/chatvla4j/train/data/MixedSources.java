package org.chatvla4j.train.data;

import java.util.Optional;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.image.ImageSizing;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.train.BatchSource;
import org.chatvla4j.train.BatchSourceFactory;
import org.chatvla4j.train.DataSpec;

/**
 * The files-on-disk batch sources: {@link MixedBatchSource#create}, with {@link DataCheck} as the up-front check. The
 * sources it opens share one {@link SampleCache}, so a stage that reads the episodes or images of an earlier stage
 * (co-training after the control stage) starts with them decoded.
 */
public final class MixedSources implements BatchSourceFactory {
  private final SampleCache cache;

  /** Sources sharing a cache of the default bound ({@link SampleCache#defaultBytes}). */
  public MixedSources() {
    this(SampleCache.withDefaultBound());
  }

  public MixedSources(SampleCache cache) {
    this.cache = cache;
  }

  @Override
  public BatchSource open(DataSpec data, ChatVla model, int batchSize, long seed, Optional<DatasetStats> stats) {
    return MixedBatchSource.create(data, model, batchSize, seed, stats, ImageSizing.nativeResolution(),
        MixedBatchSource.defaultWorkers(), cache);
  }

  @Override
  public void check(DataSpec data, ChatVla model) {
    DataCheck.check(data, model);
  }
}
