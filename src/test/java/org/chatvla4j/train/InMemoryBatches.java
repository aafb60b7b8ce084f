package org.chatvla4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.Collator;
import org.chatvla4j.model.TrainingBatch;
import org.chatvla4j.model.TrainingSample;
import org.chatvla4j.model.moe.Task;

/**
 * A hand-made {@link BatchSource} for trainer tests: a few robot and chat samples with small synthetic images; the batch
 * at a position is drawn from a generator seeded by (seed, position), so it is seekable like the real source.
 */
public final class InMemoryBatches implements BatchSource {
  private final List<TrainingSample> robot = new ArrayList<>();
  private final List<TrainingSample> chat = new ArrayList<>();
  private final DataSpec data;
  private final Collator collator;
  private final int batchSize;
  private final long seed;
  private long position;

  InMemoryBatches(DataSpec data, ChatVla vla, int batchSize, long seed) {
    this.data = data;
    this.batchSize = batchSize;
    this.seed = seed;
    this.collator = new Collator(vla.model().config().tokens().pad(), vla.model().config().vision().patchElements());
    String[] colors = {"red", "blue", "green", "yellow"};
    String[] shapes = {"moon", "star", "cube", "pentagon"};
    int chunk = vla.model().config().actionHead().map(h -> h.predictionHorizon()).orElse(8);
    int dim = vla.model().config().actionHead().map(h -> h.actionDim()).orElse(2);
    int stateDim = vla.model().config().actionHead().map(h -> h.stateDim()).orElse(4);
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 4; i++) {
      ProcessedImages img = vla.imageProcessor().preprocess(List.of(image(56, 56, i)));
      String obj = colors[i] + " " + shapes[i];
      chat.add(new TrainingSample(vla.prompts().vqaSample(ChatVla.grids(img), List.of("What color is the " + shapes[i] + "?", colors[i])),
          img, Task.UNDERSTANDING, Optional.empty()));
      float[][] actions = new float[chunk][dim];
      boolean[] pad = new boolean[chunk];
      for (int a = 0; a < chunk; a++) {
        for (int d = 0; d < dim; d++) {
          actions[a][d] = (float) (r.nextDouble() * 2 - 1);
        }
        pad[a] = a >= chunk - i; // later samples end inside the chunk
      }
      float[] state = new float[stateDim];
      for (int d = 0; d < stateDim; d++) {
        state[d] = (float) r.nextGaussian();
      }
      String reasoning = data.withReasoning() ? "Move behind the " + obj + "." : "";
      robot.add(new TrainingSample(vla.prompts().robotSample(ChatVla.grids(img), "push the " + obj + " to the top left corner", reasoning),
          img, Task.CONTROL, Optional.of(new TrainingSample.RobotTarget(actions, pad, state))));
    }
  }

  static RgbImage image(int h, int w, int salt) {
    return RgbImage.generate(h, w, (y, x, c) -> (y * 7 + x * 3 + c * 50 + salt * 31) % 256);
  }

  public static BatchSourceFactory factory() {
    return (data, vla, batch, seed, stats) -> new InMemoryBatches(data, vla, batch, seed);
  }

  @Override
  public TrainingBatch next() {
    SplittableRandom r = new SplittableRandom(seed * 7919 + position);
    List<TrainingSample> batch = new ArrayList<>();
    int parts = data.robotParts() + data.vqaParts();
    for (int i = 0; i < batchSize; i++) {
      boolean isRobot = r.nextInt(parts) < data.robotParts();
      List<TrainingSample> pool = isRobot ? robot : chat;
      batch.add(pool.get(r.nextInt(pool.size())));
    }
    position++;
    return collator.collate(batch);
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void seek(long newPosition) {
    position = newPosition;
  }

  @Override
  public Optional<DatasetStats> stats() {
    if (data.robotParts() == 0) {
      return Optional.empty();
    }
    return Optional.of(new DatasetStats(new float[] {0, 0, 0, 0}, new float[] {1, 1, 1, 1}, new float[] {-1, -1}, new float[] {1, 1}));
  }
}
