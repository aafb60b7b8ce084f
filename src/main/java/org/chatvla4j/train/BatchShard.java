package org.chatvla4j.train;

import org.chatvla4j.model.TrainingBatch;

/**
 * This rank's part of one global batch, with what the trainer needs to make the ranks' mean gradient equal the global
 * batch's: the loss scales (the token loss is normalised by the global batch's supervised tokens and the action loss by
 * its non-padded action values, so rank r back-propagates {@code W · n_r / N} times its local loss) and where its robot
 * rows sit among the global batch's, so it takes exactly the noise and timesteps a single process would draw for them.
 *
 * @param batch the rows this rank trains on
 * @param robotIndex for each local robot row, its index among the global batch's robot rows
 * @param globalRobotRows robot rows in the global batch (the trainer draws noise for all of them, on every rank)
 * @param actionChunk A of the global batch's robot rows (0 when it has none)
 * @param actionDim Da of the global batch's robot rows (0 when it has none)
 * @param tokenScale factor on the local token loss
 * @param actionScale factor on the local action loss
 * @param globalSamples rows of the global batch
 * @param globalSupervisedTokens supervised tokens of the global batch (for metrics)
 */
public record BatchShard(TrainingBatch batch, int[] robotIndex, int globalRobotRows, int actionChunk, int actionDim, double tokenScale,
    double actionScale, int globalSamples, long globalSupervisedTokens) {
  public BatchShard {
    robotIndex = robotIndex.clone();
    if (robotIndex.length > globalRobotRows) {
      throw new IllegalArgumentException("a shard cannot hold more robot rows (" + robotIndex.length + ") than its global batch ("
          + globalRobotRows + ")");
    }
  }

  /** The whole batch, for one process: no scaling, every robot row in its own place. */
  public static BatchShard whole(TrainingBatch batch) {
    int robot = batch.robot().map(r -> r.rows().length).orElse(0);
    int chunk = batch.robot().map(r -> (int) r.actions().size(1)).orElse(0);
    int dim = batch.robot().map(r -> (int) r.actions().size(2)).orElse(0);
    return new BatchShard(batch, java.util.stream.IntStream.range(0, robot).toArray(), robot, chunk, dim, 1.0, 1.0,
        (int) batch.inputs().batchSize(), -1);
  }

  @Override
  public int[] robotIndex() {
    return robotIndex.clone();
  }
}
