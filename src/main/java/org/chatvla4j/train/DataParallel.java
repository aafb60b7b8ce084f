package org.chatvla4j.train;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * How the trainer shares its steps with the other ranks of a data-parallel job. {@link #single()} is one process (the
 * trainer's default); {@code org.chatvla4j.train.distributed.GlooDataParallel} spans processes.
 */
public interface DataParallel {
  int rank();

  int worldSize();

  /** Only rank 0 writes checkpoints, metrics, plots and progress. */
  default boolean writesOutputs() {
    return rank() == 0;
  }

  /** Makes every rank's parameters rank 0's (called at start and after resume). */
  void synchronizeParameters(List<Tensor> parameters);

  /** This rank's share of the source's next global batch; advances the source by one global batch. */
  BatchShard nextShard(BatchSource source);

  /**
   * Called just before backward with the parameters the optimizer updates (gradients set to none), so an
   * implementation can start reducing gradients while backward still produces the rest.
   */
  default void beforeBackward(List<Tensor> parameters) {}

  /**
   * Replaces this rank's gradients by the mean over the ranks (after backward, before clipping) and returns the mean of
   * {@code values} over the ranks (the scaled loss parts, so every rank reports the global batch's loss). A parameter
   * whose gradient is undefined on every rank stays undefined, as it would in one process.
   */
  double[] reduceGradients(List<Tensor> parameters, double[] values);

  /** One process: the whole batch, nothing to reduce. */
  static DataParallel single() {
    return new DataParallel() {
      @Override
      public int rank() {
        return 0;
      }

      @Override
      public int worldSize() {
        return 1;
      }

      @Override
      public void synchronizeParameters(List<Tensor> parameters) {}

      @Override
      public BatchShard nextShard(BatchSource source) {
        return BatchShard.whole(source.next());
      }

      @Override
      public double[] reduceGradients(List<Tensor> parameters, double[] values) {
        return values.clone();
      }
    };
  }
}
