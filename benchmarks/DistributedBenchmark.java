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
import org.chatvla4j.train.distributed.GradientSync;
import org.chatvla4j.train.distributed.LocalLauncher;
import org.chatvla4j.train.distributed.ProcessGroup;

/**
 * Data-parallel scaling of the tiny recipe (robot + VQA 3:1, global batch {@code BATCH}) with one intra-op thread per
 * rank: 1 rank, then 2 ranks reducing gradients after backward (the first implementation), overlapped with backward in
 * 4 MB buckets (the default; the first bucket 1 MB) and in 256 KB buckets. For each: samples/s over the steps after
 * {@code WARMUP}, scaling efficiency (samples/s ÷ (ranks × 1-rank samples/s)), and the exposed allreduce time — wall
 * time rank 0 spends reducing gradients after backward has returned, i.e. communication backward did not hide.
 * "Aligned allreduce" is one all-parameter mean allreduce right after a barrier: the communication itself, without
 * waiting for a slower rank. Samples are prepared once (data loading excluded). All runs are in one invocation so their ratios share the load.
 *
 * <pre>./chatvla bench DistributedBenchmark [BATCH STEPS]</pre>
 */
public final class DistributedBenchmark {
  private static final int WARMUP = 2;

  private record Config(String name, int world, GradientSync sync, long bucketBytes) {}

  private static final List<Config> CONFIGS = List.of(
      new Config("1 rank", 1, GradientSync.OVERLAPPED, GlooDataParallel.DEFAULT_BUCKET_BYTES),
      new Config("2 ranks, after backward", 2, GradientSync.AFTER_BACKWARD, GlooDataParallel.DEFAULT_BUCKET_BYTES),
      new Config("2 ranks, overlapped 4 MB", 2, GradientSync.OVERLAPPED, GlooDataParallel.DEFAULT_BUCKET_BYTES),
      new Config("2 ranks, overlapped 256 KB", 2, GradientSync.OVERLAPPED, 256 << 10));

  private DistributedBenchmark() {}

  public static void main(String[] args) throws Exception {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    if (System.getenv("CHATVLA_BENCH_WORKER") != null) {
      worker(batch, steps, DistributedEnv.fromEnvironment(System.getenv()), GradientSync.valueOf(System.getenv("CHATVLA_BENCH_SYNC")),
          Long.parseLong(System.getenv("CHATVLA_BENCH_BUCKET")), Path.of(System.getenv("CHATVLA_BENCH_RESULT")));
      return;
    }
    Path tmp = Files.createTempDirectory("distbench");
    List<double[]> results = new ArrayList<>();
    for (int c = 0; c < CONFIGS.size(); c++) {
      Config cfg = CONFIGS.get(c);
      DistributedEnv job = new DistributedEnv(0, cfg.world(), 0, Optional.of(tmp.resolve("store-" + c)), "", 0, Duration.ofSeconds(120));
      Path result = tmp.resolve("result-" + c);
      // WORLD_SIZE=1 still goes through a worker process, so every run pays the same JVM and thread settings.
      LocalLauncher l = LocalLauncher.start(DistributedBenchmark.class.getName(), List.of(Integer.toString(batch), Integer.toString(steps)),
          job, 0, cfg.world(), Map.of("CHATVLA_THREADS", "1", "OMP_NUM_THREADS", "1", "CHATVLA_BENCH_WORKER", "1",
              "CHATVLA_BENCH_SYNC", cfg.sync().name(), "CHATVLA_BENCH_BUCKET", Long.toString(cfg.bucketBytes()),
              "CHATVLA_BENCH_RESULT", result.toString()), tmp.resolve("logs"));
      l.await();
      results.add(java.util.Arrays.stream(Files.readString(result).strip().split(" ")).mapToDouble(Double::parseDouble).toArray());
    }
    double single = results.getFirst()[0];
    System.out.printf("%nglobal batch %d, %d timed steps, 1 intra-op thread per rank; load average %s%n", batch, steps,
        Files.readString(Path.of("/proc/loadavg")).strip());
    System.out.printf("%-28s %10s %9s %11s %18s %15s %22s%n", "run", "samples/s", "ms/step", "efficiency", "exposed reduce ms", "early buckets",
        "aligned allreduce ms");
    for (int c = 0; c < CONFIGS.size(); c++) {
      double[] r = results.get(c);
      Config cfg = CONFIGS.get(c);
      System.out.printf("%-28s %10.1f %9.1f %10.0f%% %18.1f %14.0f%% %22.1f%n", cfg.name(), r[0], r[1], 100 * r[0] / (cfg.world() * single),
          r[2], 100 * r[3], r[4]);
    }
    System.out.printf("exposed reduce time, overlapped 4 MB / after backward: %.2f; overlapped 256 KB / after backward: %.2f%n",
        results.get(2)[2] / results.get(1)[2], results.get(3)[2] / results.get(1)[2]);
  }

  /** Trains, and rank 0 writes "samples/s ms/step exposed-ms/step early-fraction aligned-allreduce-ms" to {@code result}. */
  private static void worker(int batch, int steps, DistributedEnv env, GradientSync sync, long bucketBytes, Path result) throws Exception {
    Path data = Files.createTempDirectory("distbench-data");
    Files.createDirectories(data.resolve("episodes"));
    Files.writeString(data.resolve("vqa.json"), "[]");
    Recipe recipe = RecipeJson.parse("""
        {"name": "bench", "model": {"init": "preset:tiny"}, "stages": [
          {"name": "cotrain", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 3, "vqa_parts": 1},
           "steps": %d, "batch_size": %d, "lr_schedule": {"type": "constant", "lr": 0.001}}]}
        """.formatted(steps + WARMUP, batch), "bench recipe");
    try (Scope s = Scope.open()) {
      Optional<GlooDataParallel> gloo = env.worldSize() > 1
          ? Optional.of(new GlooDataParallel(ProcessGroup.join(env), sync, bucketBytes)) : Optional.empty();
      DataParallel dp = gloo.<DataParallel>map(g -> g).orElse(DataParallel.single());
      long[] marks = new long[2];
      long[] exposedAtWarmup = new long[1];
      TrainingProgress timer = new TrainingProgress() {
        @Override
        public void stageStarted(int stage, int stageCount, StageSpec spec, int firstStep) {}

        @Override
        public void stepFinished(StepMetrics m) {
          if (m.step() == WARMUP) {
            marks[0] = System.nanoTime();
            exposedAtWarmup[0] = gloo.map(g -> g.exposedReduceTime().toNanos()).orElse(0L);
          }
          marks[1] = System.nanoTime();
        }

        @Override
        public void note(String message) {}

        @Override
        public void stageFinished() {}
      };
      Path run = Files.createTempDirectory("distbench-run");
      var result0 = new Trainer(new TrainingSetup(recipe, data, run, (spec, vla, b, seed, stats) -> new Source(vla, b, seed), List.of(),
          timer), dp).start();
      // The pure communication cost of one step's gradients: both ranks aligned by a barrier, then one mean allreduce of
      // a buffer the size of all parameters. Exposed time above this is waiting for the slower rank.
      double pureMs = 0;
      if (gloo.isPresent()) {
        ProcessGroup g = gloo.get().group();
        long numel = result0.model().model().parameters().values().stream().mapToLong(p -> p.tensor().numel()).sum();
        org.bytedeco.pytorch.Tensor buf = org.bytedeco.pytorch.global.torch.ones(numel);
        int reps = 10;
        for (int i = 0; i < reps; i++) {
          g.barrier();
          long t = System.nanoTime();
          g.allreduceMean(List.of(buf));
          pureMs += (System.nanoTime() - t) / 1e6 / reps;
        }
      }
      if (env.rank() == 0) {
        double sec = (marks[1] - marks[0]) / 1e9;
        double exposedMs = gloo.map(g -> (g.exposedReduceTime().toNanos() - exposedAtWarmup[0]) / 1e6 / steps).orElse(0.0);
        double early = gloo.map(GlooDataParallel::startedDuringBackwardFraction).orElse(0.0);
        Files.writeString(result, (steps * batch / sec) + " " + (sec * 1000 / steps) + " " + exposedMs + " " + early + " " + pureMs);
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
