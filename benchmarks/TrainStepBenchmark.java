package org.chatvla4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
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
import org.chatvla4j.tensor.Engine;
import org.chatvla4j.train.BatchSource;
import org.chatvla4j.train.BatchSourceFactory;
import org.chatvla4j.train.ConsoleProgress;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.train.RecipeJson;
import org.chatvla4j.train.StepMetrics;
import org.chatvla4j.train.Trainer;
import org.chatvla4j.train.TrainingResult;
import org.chatvla4j.train.TrainingProgress;
import org.chatvla4j.train.TrainingSetup;

/**
 * The tiny preset's training step through the real {@link Trainer} (data excluded: samples are prepared once): samples/s
 * for a VQA-only batch (stage 0), a robot batch (stage 1, expert 0 frozen) and a 3:1 robot/VQA batch (stage 2), at
 * camera size {@code args[0]}×{@code args[1]} (default 180×320, the Language-Table camera), batch {@code args[2]}
 * (default 8), {@code args[3]} steps per stage (default 20); and the process RSS before and after, to show the step
 * loop does not leak native memory.
 *
 * <pre>./chatvla bench TrainStepBenchmark [H W BATCH STEPS]</pre>
 */
public final class TrainStepBenchmark {
  private TrainStepBenchmark() {}

  public static void main(String[] args) throws Exception {
    int h = args.length > 0 ? Integer.parseInt(args[0]) : 180;
    int w = args.length > 1 ? Integer.parseInt(args[1]) : 320;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int steps = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    System.out.println("engine: " + Engine.start());
    Path data = Files.createTempDirectory("trainbench-data");
    Files.createDirectories(data.resolve("episodes"));
    Files.writeString(data.resolve("vqa.json"), "[]");
    Recipe recipe = RecipeJson.parse("""
        {"name": "bench", "model": {"init": "preset:tiny"}, "stages": [
          {"name": "vlm", "data": {"vqa": ["vqa.json"], "robot_parts": 0, "vqa_parts": 1}, "steps": %1$d, "batch_size": %2$d,
           "lr_schedule": {"type": "constant", "lr": 0.001}},
          {"name": "control", "data": {"episodes": ["episodes"], "robot_parts": 1, "vqa_parts": 0},
           "frozen": ["static_expert\\\\.experts\\\\.0\\\\."], "steps": %1$d, "batch_size": %2$d,
           "lr_schedule": {"type": "constant", "lr": 0.001}},
          {"name": "cotrain", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 3, "vqa_parts": 1},
           "steps": %1$d, "batch_size": %2$d, "lr_schedule": {"type": "constant", "lr": 0.001}}]}
        """.formatted(steps, batch), "bench recipe");
    BatchSourceFactory factory = (spec, vla, b, seed, stats) -> new Synthetic(spec.robotParts(), spec.vqaParts(), vla, b, seed, h, w);
    long rss0 = rssKb();
    Path run = Files.createTempDirectory("trainbench-run");
    List<Long> rssAtStageEnd = new ArrayList<>();
    ConsoleProgress console = new ConsoleProgress(System.err);
    TrainingProgress progress = new TrainingProgress() {
      @Override
      public void stageStarted(int stage, int stageCount, org.chatvla4j.train.StageSpec spec, int firstStep) {
        console.stageStarted(stage, stageCount, spec, firstStep);
      }

      @Override
      public void stepFinished(StepMetrics m) {
        console.stepFinished(m);
        if (m.step() == 1 || m.step() == steps / 2 || m.step() == steps) {
          try {
            rssAtStageEnd.add(rssKb() / 1024);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }

      @Override
      public void note(String message) {}

      @Override
      public void stageFinished() {
        console.stageFinished();
      }
    };
    TrainingResult r = new Trainer(new TrainingSetup(recipe, data, run, factory, List.of(), progress)).start();
    long rss1 = rssKb();
    List<StepMetrics> all = org.chatvla4j.train.MetricsLog.restore(run.resolve("x.jsonl"), run.resolve("metrics.jsonl")).steps();
    for (int s = 0; s < 3; s++) {
      int stage = s;
      List<StepMetrics> m = all.stream().filter(x -> x.stage() == stage).skip(Math.min(3, steps - 1)).toList();
      double mean = m.stream().mapToDouble(StepMetrics::samplesPerSecond).average().orElse(0);
      System.out.printf("stage %-8s batch %d at %dx%d: %.1f samples/s = %.0f ms/step (mean of %d steps after warm-up)%n",
          recipe.stages().get(s).name(), batch, h, w, mean, 1000.0 * batch / mean, m.size());
    }
    System.out.printf("RSS: %d MiB before, %d MiB after %d steps; outcome %s%n", rss0 / 1024, rss1 / 1024, 3 * steps, r.outcome());
    System.out.println("RSS MiB at step 1, mid and last step of each stage: " + rssAtStageEnd);
    System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
  }

  static long rssKb() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  /** Pre-made samples (rendered-size images), drawn per position. */
  static final class Synthetic implements BatchSource {
    final List<TrainingSample> robot = new ArrayList<>();
    final List<TrainingSample> chat = new ArrayList<>();
    final int robotParts;
    final int vqaParts;
    final int batch;
    final long seed;
    final Collator collator;
    long position;

    Synthetic(int robotParts, int vqaParts, ChatVla vla, int batch, long seed, int h, int w) {
      this.robotParts = robotParts;
      this.vqaParts = vqaParts;
      this.batch = batch;
      this.seed = seed;
      this.collator = new Collator(vla.model().config().tokens().pad(), vla.model().config().vision().patchElements());
      SplittableRandom r = new SplittableRandom(1);
      for (int i = 0; i < 8; i++) {
        int salt = i;
        ProcessedImages img = vla.imageProcessor().preprocess(List.of(RgbImage.generate(h, w, (y, x, c) -> (y * 7 + x * 3 + c * 50 + salt) % 256)));
        chat.add(new TrainingSample(vla.prompts().vqaSample(ChatVla.grids(img),
            List.of("How many blocks are left of the red moon?", "There are " + i + " blocks left of the red moon.")),
            img, Task.UNDERSTANDING, Optional.empty()));
        float[][] actions = new float[8][2];
        for (float[] a : actions) {
          a[0] = (float) r.nextDouble();
          a[1] = (float) r.nextDouble();
        }
        robot.add(new TrainingSample(vla.prompts().robotSample(ChatVla.grids(img), "push the red moon to the top left corner",
            "Move behind the red moon."), img, Task.CONTROL,
            Optional.of(new TrainingSample.RobotTarget(actions, new boolean[8], new float[] {0.1f, 0.2f, 0.3f, 0.4f}))));
      }
    }

    @Override
    public TrainingBatch next() {
      SplittableRandom r = new SplittableRandom(seed * 31 + position++);
      List<TrainingSample> b = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        List<TrainingSample> pool = r.nextInt(robotParts + vqaParts) < robotParts ? robot : chat;
        b.add(pool.get(r.nextInt(pool.size())));
      }
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
}
