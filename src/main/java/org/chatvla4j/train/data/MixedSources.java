package org.chatvla4j.train.data;

import java.util.Optional;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.train.BatchSource;
import org.chatvla4j.train.BatchSourceFactory;
import org.chatvla4j.train.DataSpec;

/** The files-on-disk batch sources: {@link MixedBatchSource#create}, with {@link DataCheck} as the up-front check. */
public final class MixedSources implements BatchSourceFactory {
  @Override
  public BatchSource open(DataSpec data, ChatVla model, int batchSize, long seed, Optional<DatasetStats> stats) {
    return MixedBatchSource.create(data, model, batchSize, seed, stats);
  }

  @Override
  public void check(DataSpec data, ChatVla model) {
    DataCheck.check(data, model);
  }
}
