package org.chatvla4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.chatvla4j.config.Presets;
import org.chatvla4j.data.Episode;
import org.chatvla4j.data.EpisodeWriter;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.data.VqaJson;
import org.chatvla4j.data.VqaSample;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.text.Tokenizer;
import org.chatvla4j.train.DataSpec;
import org.chatvla4j.train.data.MixedBatchSource;

/**
 * The training data pipeline alone on tabletop-sized data: 4 episodes × 40 steps of 180×320 frames (one camera, as the
 * tabletop records) plus 40 VQA samples with 180×320 PNGs, tiny model, batch 8, robot : VQA 3 : 1. Reports ms per
 * batch for building the samples (HDF5 frame read + inflate, augmentation, resize + patchify, tokenisation) on the
 * source's worker thread, and for collation into tensors on the caller's; median of {@code args[0]} batches (default 30)
 * after 3 warm-ups, as wall time and as process CPU time (the CPU figure is what counts on a loaded machine: the
 * worker overlaps the trainer's step, so the pipeline keeps up while build CPU per batch stays below the step time).
 *
 * <pre>./chatvla bench DataPipelineBenchmark [batches]</pre>
 */
public final class DataPipelineBenchmark {
  private DataPipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Path dir = Files.createTempDirectory("data-bench");
    try {
      run(dir, batches);
    } finally {
      deleteTree(dir);
    }
  }

  private static void run(Path dir, int batches) throws Exception {
    SplittableRandom rng = new SplittableRandom(0);
    Path episodes = Files.createDirectories(dir.resolve("episodes"));
    for (int e = 0; e < 4; e++) {
      EpisodeWriter.write(episode(rng, 40), episodes.resolve("episode_" + e + ".hdf5"));
    }
    Path vqaDir = Files.createDirectories(dir.resolve("vqa/images"));
    List<VqaSample> vqa = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Files.write(vqaDir.resolve(i + ".png"), scene(rng, i).encodePng());
      vqa.add(VqaSample.singleTurn("q" + i, i + ".png", "How many red blocks are there?", "There are " + (i % 4) + "."));
    }
    Path json = dir.resolve("vqa/vqa.json");
    VqaJson.write(vqa, json);
    ChatVla vla = ChatVla.create(Presets.tiny(), Tokenizer.tiny(), DType.F32, 0);
    for (boolean augment : new boolean[] {false, true}) {
      DataSpec spec = new DataSpec(List.of(episodes), List.of(json), 3, 1, true, augment);
      try (MixedBatchSource src = MixedBatchSource.create(spec, vla, 8, 1, Optional.empty())) {
        double[] build = new double[batches];
        double[] collate = new double[batches];
        double[] buildCpu = new double[batches];
        double[] collateCpu = new double[batches];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        var collator = new org.chatvla4j.model.Collator(vla.model().config().tokens().pad(),
            vla.model().config().vision().patchElements());
        for (int b = -3; b < batches; b++) {
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          var samples = src.samples(100 + b);
          long t1 = System.nanoTime();
          long c1 = os.getProcessCpuTime();
          try (Scope s = Scope.open()) {
            collator.collate(samples);
          }
          long t2 = System.nanoTime();
          long c2 = os.getProcessCpuTime();
          if (b >= 0) {
            build[b] = (t1 - t0) / 1e6;
            collate[b] = (t2 - t1) / 1e6;
            buildCpu[b] = (c1 - c0) / 1e6;
            collateCpu[b] = (c2 - c1) / 1e6;
          }
        }
        System.out.printf("augment %-5s: build %.1f ms wall / %.1f ms CPU per batch of 8, collate %.1f ms wall / %.1f ms CPU"
            + " (median of %d)%n", augment, median(build), median(buildCpu), median(collate), median(collateCpu), batches);
      }
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }

  /** A tabletop-like frame: a smooth board with a few flat-coloured blocks and light noise (compresses like a render). */
  private static RgbImage scene(SplittableRandom rng, int salt) {
    int h = 180;
    int w = 320;
    byte[] px = new byte[h * w * 3];
    int[][] blocks = new int[4][];
    for (int k = 0; k < 4; k++) {
      blocks[k] = new int[] {rng.nextInt(h - 20), rng.nextInt(w - 20), rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)};
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        int[] colour = {120 + y / 6, 110 + x / 10, 90 + salt % 20};
        for (int[] b : blocks) {
          if (y >= b[0] && y < b[0] + 20 && x >= b[1] && x < b[1] + 20) {
            colour = new int[] {b[2], b[3], b[4]};
          }
        }
        for (int c = 0; c < 3; c++) {
          px[o + c] = (byte) Math.clamp(colour[c] + rng.nextInt(3) - 1, 0, 255);
        }
      }
    }
    return new RgbImage(h, w, px);
  }

  private static Episode episode(SplittableRandom rng, int steps) {
    float[][] actions = new float[steps][2];
    float[][] qpos = new float[steps][4];
    float[][] qvel = new float[steps][4];
    List<RgbImage> frames = new ArrayList<>();
    List<String> reasonings = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      actions[t] = new float[] {(float) rng.nextGaussian() * 0.03f, (float) rng.nextGaussian() * 0.03f};
      qpos[t] = new float[] {(float) rng.nextDouble(), (float) rng.nextDouble(), 0, 0};
      frames.add(scene(rng, t));
      reasonings.add(t < steps / 2 ? "Move behind the red moon." : "Push the red moon to the top left corner.");
    }
    Map<String, List<RgbImage>> cams = new LinkedHashMap<>();
    cams.put("top", frames);
    return new Episode("push the red moon to the top left corner", actions, qpos, qvel, cams, reasonings, true, Map.of());
  }
}
