package org.chatvla4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.train.DataParallel;
import org.chatvla4j.train.RecipeJson;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.train.SampledBatchSource;
import org.chatvla4j.train.StageSpec;
import org.chatvla4j.train.StepMetrics;
import org.chatvla4j.train.Trainer;
import org.chatvla4j.train.TrainingProgress;
import org.chatvla4j.train.TrainingSetup;
import org.chatvla4j.train.distributed.DistributedEnv;
import org.chatvla4j.train.distributed.GlooDataParallel;
import org.chatvla4j.train.distributed.LocalLauncher;
import org.chatvla4j.train.distributed.ProcessGroup;

/**
 * Data-parallel scaling of the tiny recipe (robot + VQA 3:1, global batch {@code BATCH}) on 1 vs 2 local ranks with one
 * intra-op thread each: samples/s over the steps after {@code WARMUP}, scaling efficiency (2-rank samples/s ÷ 2 × 1-rank
 * samples/s) and the time rank 0 spent in the gradient allreduce. Samples are prepared once (data loading excluded).
 *
 * <pre>./chatvla bench DistributedBenchmark [BATCH STEPS]</pre>
 */
public final class DistributedBenchmark {
  private static final int WARMUP = 2;

  private DistributedBenchmark() {}

  public static void main(String[] args) throws Exception {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    if (System.getenv("CHATVLA_BENCH_WORKER") != null) {
      worker(batch, steps, DistributedEnv.fromEnvironment(System.getenv()));
      return;
    }
    Path tmp = Files.createTempDirectory("distbench");
    for (int world : new int[] {1, 2}) {
      DistributedEnv job = new DistributedEnv(0, world, 0, Optional.of(tmp.resolve("store-" + world)), "", 0, Duration.ofSeconds(120));
      // WORLD_SIZE=1 still goes through a worker process, so both runs pay the same JVM and thread settings.
      LocalLauncher l = LocalLauncher.start(DistributedBenchmark.class.getName(), List.of(Integer.toString(batch), Integer.toString(steps)),
          job, 0, world, Map.of("CHATVLA_THREADS", "1", "OMP_NUM_THREADS", "1", "CHATVLA_BENCH_WORKER", "1"), tmp.resolve("logs"));
      l.await();
    }
  }

  private static void worker(int batch, int steps, DistributedEnv env) throws Exception {
    Path data = Files.createTempDirectory("distbench-data");
    Files.createDirectories(data.resolve("episodes"));
    Files.writeString(data.resolve("vqa.json"), "[]");
    Recipe recipe = RecipeJson.parse("""
        {"name": "bench", "model": {"init": "preset:tiny"}, "stages": [
          {"name": "cotrain", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 3, "vqa_parts": 1},
           "steps": %d, "batch_size": %d, "lr_schedule": {"type": "constant", "lr": 0.001}}]}
        """.formatted(steps + WARMUP, batch), "bench recipe");
    try (Scope s = Scope.open()) {
      Optional<ProcessGroup> group = env.worldSize() > 1 ? Optional.of(ProcessGroup.join(env)) : Optional.empty();
      DataParallel dp = group.<DataParallel>map(GlooDataParallel::new).orElse(DataParallel.single());
      long[] marks = new long[2];
      TrainingProgress timer = new TrainingProgress() {
        @Override
        public void stageStarted(int stage, int stageCount, StageSpec spec, int firstStep) {}

        @Override
        public void stepFinished(StepMetrics m) {
          if (m.step() == WARMUP) {
            marks[0] = System.nanoTime();
          }
          marks[1] = System.nanoTime();
        }

        @Override
        public void note(String message) {}

        @Override
        public void stageFinished() {}
      };
      Path run = Files.createTempDirectory("distbench-run");
      new Trainer(new TrainingSetup(recipe, data, run, (spec, vla, b, seed, stats) -> new Source(vla, b, seed), List.of(), timer), dp).start();
      if (env.rank() == 0) {
        double sec = (marks[1] - marks[0]) / 1e9;
        double sps = steps * batch / sec;
        double ar = group.map(g -> g.allreduceTime().toNanos() / 1e9).orElse(0.0);
        long bytes = group.map(ProcessGroup::allreduceBytes).orElse(0L);
        System.out.printf("ranks %d: %.1f samples/s (global batch %d, %.1f ms/step); allreduce %.1f ms/step (%.1f%% of the step, "
            + "%.1f MB/step incl. warmup)%n", env.worldSize(), sps, batch, sec * 1000 / steps, ar * 1000 / (steps + WARMUP),
            100 * ar / (steps + WARMUP) / (sec / steps), bytes / 1e6 / (steps + WARMUP));
      }
    }
  }

  /** Prepared robot and VQA samples (160×90 images); batch p drawn from (seed, p) so every rank sees the same batches. */
  private static final class Source implements SampledBatchSource {
    private final List<TrainingSample> robot = new ArrayList<>();
    private final List<TrainingSample> chat = new ArrayList<>();
    private final Collator collator;
    private final int batch;
    private final long seed;
    private long position;

    Source(ChatVla vla, int batch, long seed) {
      this.batch = batch;
      this.seed = seed;
      this.collator = new Collator(vla.model().config().tokens().pad(), vla.model().config().vision().patchElements());
      SplittableRandom r = new SplittableRandom(1);
      int chunk = vla.model().config().actionHead().orElseThrow().predictionHorizon();
      int dim = vla.model().config().actionHead().orElseThrow().actionDim();
      for (int i = 0; i < 8; i++) {
        int salt = i;
        ProcessedImages img = vla.imageProcessor().preprocess(List.of(RgbImage.generate(90, 160, (y, x, c) -> (y * 7 + x * 3 + c * 50 + salt) % 256)));
        chat.add(new TrainingSample(vla.prompts().vqaSample(ChatVla.grids(img),
            List.of("How many blocks are left of the red moon?", "There are " + i + " blocks.")), img, Task.UNDERSTANDING, Optional.empty()));
        float[][] actions = new float[chunk][dim];
        for (float[] a : actions) {
          for (int d = 0; d < dim; d++) {
            a[d] = (float) r.nextDouble();
          }
        }
        robot.add(new TrainingSample(vla.prompts().robotSample(ChatVla.grids(img), "push the red moon to the top left corner",
            "Move behind the red moon."), img, Task.CONTROL, Optional.of(new TrainingSample.RobotTarget(actions, new boolean[chunk],
            new float[vla.model().config().actionHead().orElseThrow().stateDim()]))));
      }
    }

    @Override
    public List<TrainingSample> samples(long p) {
      SplittableRandom r = new SplittableRandom(seed * 31 + p);
      List<TrainingSample> b = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        List<TrainingSample> pool = r.nextInt(4) < 3 ? robot : chat;
        b.add(pool.get(r.nextInt(pool.size())));
      }
      return b;
    }

    @Override
    public TrainingBatch collate(List<TrainingSample> samples) {
      return collator.collate(samples);
    }

    @Override
    public TrainingBatch next() {
      return collate(samples(position++));
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public void seek(long p) {
      position = p;
    }

    @Override
    public Optional<DatasetStats> stats() {
      return Optional.of(new DatasetStats(new float[] {0, 0, 0, 0}, new float[] {1, 1, 1, 1}, new float[] {-1, -1}, new float[] {1, 1}));
    }
  }
}
