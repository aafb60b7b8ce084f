package org.chatvla4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.ChatVlaConfig;
import org.chatvla4j.config.Presets;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.ChatVlaModel;
import org.chatvla4j.model.Collator;
import org.chatvla4j.model.GenerationConfig;
import org.chatvla4j.model.LossBreakdown;
import org.chatvla4j.model.RobotObservation;
import org.chatvla4j.model.TrainingBatch;
import org.chatvla4j.model.TrainingSample;
import org.chatvla4j.model.VlaInputs;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.nn.AdamW;
import org.chatvla4j.nn.AdamWConfig;
import org.chatvla4j.nn.Gradients;
import org.chatvla4j.nn.Init;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Engine;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.text.Tokenizer;

/**
 * The model's speed on this machine (issue 3's benchmark), medians throughout because the machine is shared:
 *
 * <ul>
 *   <li>tiny preset: one training step (forward, backward, clip, AdamW) on a mixed batch of 8 (4 chat + 4 robot);
 *   <li>tiny preset: {@code act} latency — 180×320 camera, prompt, greedy reasoning of 12 tokens, 10 DDIM steps;
 *   <li>2B shapes (default {@code qwen2-vl-2b}; {@code chatvla-2b} as the first argument) with random bf16 weights:
 *       ms per decoded token with the KV cache, prefill tokens/s for 64- and 200-token prompts, peak RSS.
 * </ul>
 *
 * Ratios are against java-stack.md §2.3, measured on this machine kind: a Qwen2-1.5B-shaped bf16 decode at 138
 * ms/token and a 64-token bf16 prefill at 180 tokens/s (bare libtorch ops, no model code around them).
 *
 * <pre>./chatvla bench ModelBenchmark [qwen2-vl-2b|chatvla-2b|none] [runs]</pre>
 */
public final class ModelBenchmark {
  private static final double REFERENCE_DECODE_MS = 138;
  private static final double REFERENCE_PREFILL_64_TOKENS_PER_S = 180;

  private ModelBenchmark() {}

  public static void main(String[] args) throws IOException {
    String big = args.length > 0 ? args[0] : "qwen2-vl-2b";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    System.out.println("engine: " + Engine.start());
    System.out.printf("loadavg at start: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    Tokenizer tok = Tokenizer.tiny();
    ChatVla tiny = ChatVla.create(Presets.tiny(), tok, DType.F32, 0);
    System.out.printf("tiny train step, B=8 (4 chat + 4 robot): median %.1f ms (20 steps)%n", tinyTrainStep(tiny, 20));
    tiny.model().eval();
    System.out.printf("tiny act (180×320 camera, 12 reasoning tokens, 10 DDIM steps): median %.1f ms (30 runs; target ≤ 25)%n",
        tinyAct(tiny, 30));
    if (!big.equals("none")) {
      bigModel(big, runs);
    }
  }

  private static RgbImage camera(int salt) {
    return RgbImage.generate(180, 320, (y, x, c) -> (y * 3 + x * 7 + c * 60 + salt) % 256);
  }

  private static double tinyTrainStep(ChatVla vla, int steps) {
    SplittableRandom rng = new SplittableRandom(1);
    List<TrainingSample> samples = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ProcessedImages img = vla.imageProcessor().preprocess(List.of(camera(i)));
      if (i % 2 == 0) {
        samples.add(new TrainingSample(vla.prompts().vqaSample(ChatVla.grids(img), List.of("What color is the moon?", "red")), img,
            Task.UNDERSTANDING, Optional.empty()));
      } else {
        float[][] actions = new float[8][2];
        for (float[] a : actions) {
          a[0] = (float) rng.nextDouble(-1, 1);
          a[1] = (float) rng.nextDouble(-1, 1);
        }
        samples.add(new TrainingSample(
            vla.prompts().robotSample(ChatVla.grids(img), "push the red moon to the top left corner", "Move behind the red moon."),
            img, Task.CONTROL, Optional.of(new TrainingSample.RobotTarget(actions, new boolean[8], new float[] {0.1f, -0.2f, 0.3f, 0}))));
      }
    }
    ChatVlaConfig c = vla.model().config();
    TrainingBatch batch = new Collator(c.tokens().pad(), c.vision().patchElements()).collate(samples);
    float[] noise = new float[4 * 8 * 2];
    long[] t = new long[4];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < t.length; i++) {
      t[i] = rng.nextInt(100);
    }
    AdamW opt = new AdamW(vla.model(), new AdamWConfig(1e-3, 0.9, 0.999, 1e-8, 0));
    double[] ms = new double[steps];
    try (Scope s = Scope.open()) {
      Tensor noiseT = Tensors.fromFloats(noise, 4, 8, 2);
      Tensor tT = Tensors.fromLongs(t, 4);
      for (int i = -3; i < steps; i++) {
        try (Scope step = Scope.open()) {
          long t0 = System.nanoTime();
          opt.zeroGrad();
          LossBreakdown loss = vla.computeLoss(batch, noiseT, tT);
          loss.total().backward();
          Gradients.clipNorm(opt.parameters(), 1.0);
          opt.step();
          if (i >= 0) {
            ms[i] = (System.nanoTime() - t0) / 1e6;
          }
        }
      }
    }
    return median(ms);
  }

  private static double tinyAct(ChatVla vla, int runs) {
    RobotObservation obs = new RobotObservation(List.of(camera(3)), new float[] {0.1f, 0.2f, -0.1f, 0.3f});
    double[] ms = new double[runs];
    for (int i = -3; i < runs; i++) {
      try (Scope s = Scope.open()) {
        long t0 = System.nanoTime();
        vla.act(obs, "push the red moon to the top left corner", 12, new SplittableRandom(i));
        if (i >= 0) {
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    return median(ms);
  }

  private static void bigModel(String preset, int runs) throws IOException {
    ChatVlaConfig config = Presets.byName(preset);
    long t0 = System.nanoTime();
    ChatVlaModel model;
    try (Scope s = Scope.open()) { // Init draws in f32 then casts: without a scope those temporaries (8.8 GB) outlive the build
      model = new ChatVlaModel(Init.cpu(DType.BF16, 7), config);
    }
    model.eval();
    System.out.printf("%s: %,d parameters, random bf16 weights built in %.1f s; VmHWM after build %.2f GB%n", preset,
        model.parameterCount(), (System.nanoTime() - t0) / 1e9, vmHwmGb());
    resetPeakRss();
    int decodeTokens = 16;
    for (int promptLength : new int[] {64, 200}) {
      double[] oneStep = new double[runs];
      double[] manySteps = new double[runs];
      for (int r = 0; r < runs; r++) {
        oneStep[r] = generateMs(model, config, promptLength, 1);
        manySteps[r] = generateMs(model, config, promptLength, 1 + decodeTokens);
      }
      // generate(n) = prefill + n single-token forwards (every picked token is fed back), so the difference isolates decode.
      double decodeMs = (median(manySteps) - median(oneStep)) / decodeTokens;
      double prefillS = (median(oneStep) - decodeMs) / 1000;
      double tokensPerS = promptLength / prefillS;
      System.out.printf("  prompt %d tokens: prefill %.0f tokens/s (%.2f s)%s; decode %.1f ms/token (%.1f tokens/s), %.2f× the"
              + " %.0f ms reference (lower is better)%n", promptLength, tokensPerS, prefillS,
          promptLength == 64 ? String.format(", %.2f× the %.0f tokens/s reference", tokensPerS / REFERENCE_PREFILL_64_TOKENS_PER_S,
              REFERENCE_PREFILL_64_TOKENS_PER_S) : "",
          decodeMs, 1000 / decodeMs, decodeMs / REFERENCE_DECODE_MS, REFERENCE_DECODE_MS);
    }
    System.out.printf("  peak RSS during inference (VmHWM, reset after build) %.2f GB; loadavg now %s%n", vmHwmGb(),
        Files.readString(Path.of("/proc/loadavg")).strip());
  }

  /** Wall time of a text-only greedy generation of exactly {@code newTokens} tokens (no stop token) after a random prompt. */
  private static double generateMs(ChatVlaModel model, ChatVlaConfig c, int promptLength, int newTokens) {
    SplittableRandom rng = new SplittableRandom(promptLength);
    long[] ids = new long[promptLength];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1000 + rng.nextInt(100_000);
    }
    try (Scope s = Scope.open()) {
      VlaInputs in = VlaInputs.textOnly(ids, c.vision().patchElements());
      long t0 = System.nanoTime();
      model.generate(in, Task.UNDERSTANDING, GenerationConfig.greedy(newTokens, Set.of()), rng);
      return (System.nanoTime() - t0) / 1e6;
    }
  }

  private static double vmHwmGb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0;
      }
    }
    return Double.NaN;
  }

  /** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0), so the next reading is the inference peak. */
  private static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException e) {
      System.out.println("  (cannot reset VmHWM: " + e.getMessage() + "; the peak below includes the build)");
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
