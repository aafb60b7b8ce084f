package org.chatvla4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.chatvla4j.config.Presets;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.data.ExistingOutput;
import org.chatvla4j.image.ImageSizing;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.Collator;
import org.chatvla4j.model.TrainingBatch;
import org.chatvla4j.model.TrainingSample;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Engine;
import org.chatvla4j.text.Tokenizer;
import org.chatvla4j.train.BatchSource;
import org.chatvla4j.train.DataSpec;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.train.Recipes;
import org.chatvla4j.train.StageSpec;
import org.chatvla4j.train.StepMetrics;
import org.chatvla4j.train.Trainer;
import org.chatvla4j.train.TrainingProgress;
import org.chatvla4j.train.TrainingSetup;
import org.chatvla4j.train.data.MixedBatchSource;
import org.chatvla4j.train.data.SampleCache;
import org.chatvla4j.world.dataset.DatasetGenerator;
import org.chatvla4j.world.dataset.GenerateConfig;
import org.chatvla4j.world.render.ImageSize;

/**
 * Does the training data pipeline feed the trainer? For every stage of {@code tabletop-chatvla} (vlm: captions + VQA;
 * control: robot frames; cotrain: robot : VQA 3 : 1), at the Language-Table camera's 180×320 and the demo's 90×160, on
 * data made by {@code world generate} ({@code args[0]} episodes, default 6; Language-Table's defaults otherwise):
 *
 * <ul>
 *   <li>pipeline samples/s: {@link MixedBatchSource} with the worker pool training uses, building batches of 8 with no
 *       consumer in the way, after a JIT warm-up on a throwaway cache; uncached = a cache bound of 0 (every sample
 *       from the files: a dataset far larger than the cache), cold = about one epoch from an empty cache (as many
 *       samples as the stage has distinct frames and VQA samples), warm = the next {@code args[1]} batches (default
 *       30); also CPU ms per sample (what counts when the cores are shared); one extra row, control+augment, is the
 *       control stage's data with augmentation on, against the control stage's trainer rate;
 *   <li>trainer samples/s: the real {@link Trainer} on the same recipe's stages (frozen parameters, expert copy, loss
 *       weights), fed samples the pipeline built beforehand, so its time is collation + forward + backward + update;
 *       mean over {@code args[2]} steps per stage (default 12) after 3 warm-up steps;
 *   <li>their ratio (target: warm ≥ 3 for every stage).
 * </ul>
 *
 * <pre>./chatvla bench DataPipelineBenchmark [episodes warmBatches trainSteps]</pre>
 */
public final class DataPipelineBenchmark {
  private static final int BATCH = 8;
  private static final int WARMUP_STEPS = 3;

  private DataPipelineBenchmark() {}

  /** Samples/s and CPU per sample of one measured stretch. */
  record Rate(int samples, double seconds, double cpuSeconds) {
    double perSecond() {
      return samples / seconds;
    }

    double cpuMsPerSample() {
      return 1e3 * cpuSeconds / samples;
    }
  }

  record StageResult(String stage, Rate uncached, Rate cold, Rate warm, double trainer) {}

  public static void main(String[] args) throws Exception {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    int warmBatches = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int trainSteps = args.length > 2 ? Integer.parseInt(args[2]) : 12;
    System.out.println("engine: " + Engine.start() + "; pipeline workers: " + MixedBatchSource.defaultWorkers()
        + "; cache bound: " + (SampleCache.defaultBytes() >> 20) + " MiB");
    Path tmp = Files.createTempDirectory("data-bench");
    try {
      for (ImageSize size : List.of(ImageSize.languageTable(), new ImageSize(90, 160))) {
        Path data = tmp.resolve(size.height() + "x" + size.width());
        DatasetGenerator.Report made = new DatasetGenerator(GenerateConfig.defaults(episodes).withImageSize(size), "bench")
            .progress(false).generate(data, ExistingOutput.REFUSE_NON_EMPTY);
        System.out.printf(Locale.ROOT, "%n%dx%d: %d episodes, %d frames, %d images, %d questions (world generate)%n",
            size.height(), size.width(), made.keptTotal(), made.manifest().counts().frames(), made.manifest().counts().images(),
            made.manifest().counts().vqaSamples());
        report(size, run(data, warmBatches, trainSteps, tmp.resolve("run-" + size.height())));
      }
    } finally {
      deleteTree(tmp);
    }
    System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
  }

  private static List<StageResult> run(Path data, int warmBatches, int trainSteps, Path runDir) throws Exception {
    Recipe recipe = Recipes.builtIn("tabletop-chatvla").withStepsPerStage(WARMUP_STEPS + trainSteps);
    ChatVla vla = ChatVla.create(Presets.tiny(), Tokenizer.tiny(), DType.F32, 0);
    Map<DataSpec, List<TrainingSample>> built = new HashMap<>();
    List<Rate[]> pipeline = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<StageSpec> stages = new ArrayList<>(recipe.stages());
    for (StageSpec stage : stages) {
      names.add(stage.name());
      DataSpec spec = stage.data().resolve(data);
      List<TrainingSample> keep = new ArrayList<>();
      pipeline.add(pipelineRates(spec, vla, warmBatches, keep));
      built.put(spec, keep);
    }
    // Not a recipe stage: the control stage's data with augmentation on (crop, rotation, jitter redone per sample).
    StageSpec control = stages.get(1);
    DataSpec augmented = control.data().resolve(data);
    augmented = new DataSpec(augmented.episodeDirs(), augmented.vqaFiles(), augmented.robotParts(), augmented.vqaParts(),
        augmented.withReasoning(), true);
    pipeline.add(pipelineRates(augmented, vla, warmBatches, new ArrayList<>()));
    names.add("control+augment");
    double[] trainer = trainerRates(recipe, data, runDir, built, vla);
    List<StageResult> out = new ArrayList<>();
    for (int s = 0; s < names.size(); s++) {
      Rate[] r = pipeline.get(s);
      out.add(new StageResult(names.get(s), r[0], r[1], r[2], trainer[s < trainer.length ? s : 1]));
    }
    return out;
  }

  /**
   * Uncached (cache bound 0), cold (about one epoch from an empty cache: as many samples as the stage has distinct
   * frames and VQA samples) and warm (the next {@code warmBatches}) rates, after a JIT warm-up on a throwaway cache.
   */
  private static Rate[] pipelineRates(DataSpec spec, ChatVla vla, int warmBatches, List<TrainingSample> keep) {
    int distinct = 0;
    if (spec.robotParts() > 0) {
      distinct += org.chatvla4j.train.data.RobotEpisodes.scan(spec.episodeDirs(), spec.withReasoning()).frames();
    }
    if (spec.vqaParts() > 0) {
      for (Path f : spec.vqaFiles()) {
        distinct += org.chatvla4j.data.VqaJson.read(f).size();
      }
    }
    int epoch = (distinct + BATCH - 1) / BATCH;
    try (MixedBatchSource src = source(spec, vla, SampleCache.withDefaultBound())) {
      measure(src, 0, 2 * epoch, new ArrayList<>()); // JIT warm-up
    }
    Rate uncached;
    try (MixedBatchSource src = source(spec, vla, new SampleCache(0))) {
      uncached = measure(src, 0, Math.min(epoch, 12), new ArrayList<>());
    }
    try (MixedBatchSource src = source(spec, vla, SampleCache.withDefaultBound())) {
      Rate cold = measure(src, 0, epoch, keep);
      Rate warm = measure(src, epoch, warmBatches, keep);
      return new Rate[] {uncached, cold, warm};
    }
  }

  private static MixedBatchSource source(DataSpec spec, ChatVla vla, SampleCache cache) {
    return MixedBatchSource.create(spec, vla, BATCH, 1, Optional.empty(), ImageSizing.nativeResolution(),
        MixedBatchSource.defaultWorkers(), cache);
  }

  /** Builds batches {@code first .. first + count − 1} back to back, as fast as the pool makes them. */
  private static Rate measure(MixedBatchSource src, long first, int count, List<TrainingSample> keep) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long c0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    for (long b = first; b < first + count; b++) {
      List<TrainingSample> samples = src.samples(b);
      if (keep.size() < 16 * BATCH) {
        keep.addAll(samples);
      }
    }
    return new Rate(count * BATCH, (System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9);
  }

  /** Mean samples/s per stage of the real trainer fed pre-built samples (collated per step, as a source does). */
  private static double[] trainerRates(Recipe recipe, Path data, Path runDir, Map<DataSpec, List<TrainingSample>> built, ChatVla vla)
      throws Exception {
    Collator collator = new Collator(vla.model().config().tokens().pad(), vla.model().config().vision().patchElements());
    List<List<Double>> rates = new ArrayList<>();
    TrainingProgress progress = new TrainingProgress() {
      @Override
      public void stageStarted(int stage, int stageCount, StageSpec spec, int firstStep) {
        rates.add(new ArrayList<>());
      }

      @Override
      public void stepFinished(StepMetrics m) {
        if (m.step() > WARMUP_STEPS) {
          rates.getLast().add(m.samplesPerSecond());
        }
      }

      @Override
      public void note(String message) {}

      @Override
      public void stageFinished() {}
    };
    new Trainer(new TrainingSetup(recipe, data, runDir, (spec, model, batch, seed, stats) -> new Prebuilt(built.get(spec), collator),
        List.of(), progress)).start();
    return rates.stream().mapToDouble(r -> r.stream().mapToDouble(Double::doubleValue).average().orElse(0)).toArray();
  }

  private static void report(ImageSize size, List<StageResult> results) {
    System.out.printf(Locale.ROOT, "%-15s %7s | %-19s | %-19s | %-19s | %8s | %s%n", "stage", "size", "uncached: smp/s CPU",
        "cold: smp/s CPU", "warm: smp/s CPU", "trainer", "ratio warm (cold, uncached)");
    for (StageResult r : results) {
      System.out.printf(Locale.ROOT, "%-15s %7s | %s | %s | %s | %6.1f/s | %5.1fx (%.1fx, %.1fx)%n", r.stage(),
          size.height() + "x" + size.width(), cell(r.uncached()), cell(r.cold()), cell(r.warm()), r.trainer(),
          r.warm().perSecond() / r.trainer(), r.cold().perSecond() / r.trainer(), r.uncached().perSecond() / r.trainer());
    }
  }

  private static String cell(Rate r) {
    return String.format(Locale.ROOT, "%6.0f/s %5.2f ms", r.perSecond(), r.cpuMsPerSample());
  }

  /** The pipeline's own samples, handed out in order (cycling) and collated per batch like a real source. */
  static final class Prebuilt implements BatchSource {
    private final List<TrainingSample> samples;
    private final Collator collator;
    private long position;

    Prebuilt(List<TrainingSample> samples, Collator collator) {
      this.samples = samples;
      this.collator = collator;
    }

    @Override
    public TrainingBatch next() {
      List<TrainingSample> b = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        b.add(samples.get((int) ((position * BATCH + i) % samples.size())));
      }
      position++;
      return collator.collate(b);
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
      return Optional.empty();
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
