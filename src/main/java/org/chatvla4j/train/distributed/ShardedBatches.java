package org.chatvla4j.train.distributed;

import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.model.TrainingSample;
import org.chatvla4j.text.LabeledSequence;
import org.chatvla4j.train.BatchShard;
import org.chatvla4j.train.BatchSource;
import org.chatvla4j.train.SampledBatchSource;

/**
 * The distributed sampler: every rank reads the same global batch (the source's deterministic batch at its position,
 * so the global order for a seed is the single-process order) and collates rows {@code r, r+W, r+2W, …} of it. The
 * loss scales and robot-row indices come from the whole batch's samples, so the ranks' mean gradient is the global
 * batch's gradient (see {@link BatchShard}).
 */
public final class ShardedBatches {
  private ShardedBatches() {}

  /** Rank {@code rank}'s share of the source's next global batch; advances the source by one batch. */
  public static BatchShard next(BatchSource source, int rank, int worldSize) {
    if (!(source instanceof SampledBatchSource sampled)) {
      throw new IllegalArgumentException(source.getClass().getSimpleName() + " cannot be sharded across ranks: it does not "
          + "hand out uncollated samples (implement SampledBatchSource)");
    }
    long pos = sampled.position();
    List<TrainingSample> all = sampled.samples(pos);
    sampled.seek(pos + 1);
    return shard(sampled, all, rank, worldSize);
  }

  static BatchShard shard(SampledBatchSource source, List<TrainingSample> all, int rank, int worldSize) {
    if (all.size() < worldSize) {
      throw new IllegalArgumentException("batch_size " + all.size() + " is smaller than the world size " + worldSize
          + ": every rank needs at least one row; raise batch_size or use fewer ranks");
    }
    List<TrainingSample> mine = new ArrayList<>();
    List<Integer> robotIndex = new ArrayList<>();
    int globalRobot = 0;
    int chunk = 0;
    int dim = 0;
    long tokensAll = 0;
    long tokensMine = 0;
    long actionAll = 0;
    long actionMine = 0;
    for (int i = 0; i < all.size(); i++) {
      TrainingSample s = all.get(i);
      boolean isMine = i % worldSize == rank;
      long tokens = supervisedTokens(s.sequence());
      long action = s.robot().map(ShardedBatches::actionValues).orElse(0L);
      tokensAll += tokens;
      actionAll += action;
      if (isMine) {
        mine.add(s);
        tokensMine += tokens;
        actionMine += action;
      }
      if (s.robot().isPresent()) {
        if (isMine) {
          robotIndex.add(globalRobot);
        }
        if (globalRobot == 0) {
          chunk = s.robot().get().actions().length;
          dim = s.robot().get().actions()[0].length;
        }
        globalRobot++;
      }
    }
    double tokenScale = (double) worldSize * tokensMine / Math.max(1, tokensAll);
    double actionScale = (double) worldSize * actionMine / Math.max(1, actionAll);
    return new BatchShard(source.collate(mine), robotIndex.stream().mapToInt(Integer::intValue).toArray(), globalRobot, chunk, dim,
        tokenScale, actionScale, all.size(), tokensAll);
  }

  /** Labels the loss counts: position t predicts token t+1, so label 0 never counts (as in ChatVlaModel.computeLoss). */
  static long supervisedTokens(LabeledSequence q) {
    long n = 0;
    long[] labels = q.labels();
    for (int j = 1; j < q.length(); j++) {
      if (labels[j] != LabeledSequence.IGNORE_INDEX) {
        n++;
      }
    }
    return n;
  }

  /** Non-padded action values (steps × Da), the masked MSE's denominator. */
  static long actionValues(TrainingSample.RobotTarget r) {
    long steps = 0;
    for (boolean pad : r.isPad()) {
      if (!pad) {
        steps++;
      }
    }
    return steps * r.actions()[0].length;
  }
}
