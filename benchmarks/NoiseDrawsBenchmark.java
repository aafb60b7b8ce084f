package org.chatvla4j.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.Presets;
import org.chatvla4j.config.SchedulerConfig;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.model.action.ActionHead;
import org.chatvla4j.model.action.ActionHeadInputs;
import org.chatvla4j.nn.AdamW;
import org.chatvla4j.nn.AdamWConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Engine;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;

/**
 * Why the tabletop recipes set {@code action_noise_draws: 8}: how fast the {@code tabletop} preset's action head learns
 * a condition → chunk map with K = 1 (the reference) and K = 8 (noise, timestep) draws per sample, at the same batch of
 * 8 conditions and the same AdamW steps. 64 situations, each a random condition (4 tokens of width 128), a random
 * state and a constant push chunk (unit direction × [0.3, 1]); every 1/8 of the run all 64 are sampled with 10 DDIM
 * steps and the first action is compared with the target: mean L2 error and mean cosine. Prints the time per step of
 * each K too (head only; in training it rides on a VLM forward that costs more than the head).
 *
 * <pre>./chatvla bench NoiseDrawsBenchmark [steps, default 1600]</pre>
 */
public final class NoiseDrawsBenchmark {
  private static final int SITUATIONS = 64;
  private static final int TOKENS = 4;
  private static final int BATCH = 8;

  private NoiseDrawsBenchmark() {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1600;
    System.out.println("engine: " + Engine.start());
    for (int draws : new int[] {1, 8}) {
      run(draws, steps);
    }
  }

  private static void run(int draws, int steps) {
    ScaleDpConfig cfg = Presets.tabletop().actionHead().orElseThrow();
    int d = cfg.condDim(), a = cfg.predictionHorizon(), da = cfg.actionDim(), ds = cfg.stateDim();
    SplittableRandom r = new SplittableRandom(1);
    float[][] cond = new float[SITUATIONS][TOKENS * d];
    float[][] state = new float[SITUATIONS][ds];
    float[][] chunk = new float[SITUATIONS][a * da];
    for (int n = 0; n < SITUATIONS; n++) {
      fillGaussian(r, cond[n]);
      fillGaussian(r, state[n]);
      double angle = r.nextDouble() * 2 * Math.PI, size = 0.3 + 0.7 * r.nextDouble();
      for (int i = 0; i < a; i++) {
        chunk[n][i * da] = (float) (size * Math.cos(angle));
        chunk[n][i * da + 1] = (float) (size * Math.sin(angle));
      }
    }
    try (Scope s = Scope.open()) {
      ActionHead head = new ActionHead(Init.cpu(DType.F32, 3), cfg, SchedulerConfig.chatVla());
      AdamW opt = new AdamW(head, new AdamWConfig(1e-3, 0.9, 0.98, 1e-7, 0.0));
      long trainingNanos = 0;
      for (int step = 1; step <= steps; step++) {
        int[] picked = new int[BATCH];
        for (int b = 0; b < BATCH; b++) {
          picked[b] = r.nextInt(SITUATIONS);
        }
        float[] noise = new float[BATCH * draws * a * da];
        fillGaussian(r, noise);
        long[] t = new long[BATCH * draws];
        for (int i = 0; i < t.length; i++) {
          t[i] = r.nextInt(SchedulerConfig.chatVla().numTrainTimesteps());
        }
        long t0 = System.nanoTime();
        try (Scope st = Scope.open()) {
          opt.zeroGrad();
          Tensor loss = head.computeLoss(inputs(picked, cond, state, d, ds), rows(picked, chunk, a, da), Tensors.fromFloats(new float[BATCH * a], BATCH, a),
              Tensors.fromFloats(noise, BATCH * draws, a, da), Tensors.fromLongs(t, BATCH * draws));
          loss.backward();
          opt.step();
        }
        trainingNanos += System.nanoTime() - t0;
        if (step % Math.max(1, steps / 8) == 0) {
          double[] q = quality(head, r, cond, state, chunk, d, ds, a, da);
          System.out.printf("K=%d step %5d: sampled first action L2 error %.3f, cosine %.3f (%.1f ms per training step)%n", draws, step, q[0],
              q[1], trainingNanos / 1e6 / step);
        }
      }
    }
  }

  /** Mean L2 error and cosine of the sampled first action against the target, over every situation. */
  private static double[] quality(ActionHead head, SplittableRandom r, float[][] cond, float[][] state, float[][] chunk, int d, int ds, int a, int da) {
    int[] all = new int[SITUATIONS];
    Arrays.setAll(all, i -> i);
    float[] noise = new float[SITUATIONS * a * da];
    fillGaussian(r, noise);
    try (Scope s = Scope.open()) {
      float[] out = Tensors.toFloats(head.sampleActions(inputs(all, cond, state, d, ds), Tensors.fromFloats(noise, SITUATIONS, a, da)));
      double err = 0, cos = 0;
      for (int n = 0; n < SITUATIONS; n++) {
        double x = out[n * a * da], y = out[n * a * da + 1], tx = chunk[n][0], ty = chunk[n][1];
        err += Math.hypot(x - tx, y - ty);
        cos += (x * tx + y * ty) / (Math.hypot(x, y) * Math.hypot(tx, ty) + 1e-12);
      }
      return new double[] {err / SITUATIONS, cos / SITUATIONS};
    }
  }

  private static ActionHeadInputs inputs(int[] picked, float[][] cond, float[][] state, int d, int ds) {
    int b = picked.length;
    float[] c = new float[b * TOKENS * d];
    float[] st = new float[b * ds];
    for (int i = 0; i < b; i++) {
      System.arraycopy(cond[picked[i]], 0, c, i * TOKENS * d, TOKENS * d);
      System.arraycopy(state[picked[i]], 0, st, i * ds, ds);
    }
    Tensor tokens = Tensors.fromFloats(c, b, TOKENS, d);
    float[] ones = new float[b * TOKENS];
    Arrays.fill(ones, 1f);
    Tensor mask = Tensors.fromFloats(ones, b, TOKENS);
    return new ActionHeadInputs(tokens, mask, tokens, mask, Tensors.fromFloats(st, b, ds));
  }

  private static Tensor rows(int[] picked, float[][] chunk, int a, int da) {
    float[] out = new float[picked.length * a * da];
    for (int i = 0; i < picked.length; i++) {
      System.arraycopy(chunk[picked[i]], 0, out, i * a * da, a * da);
    }
    return Tensors.fromFloats(out, picked.length, a, da);
  }

  private static void fillGaussian(SplittableRandom r, float[] x) {
    for (int i = 0; i < x.length; i += 2) {
      double u = 1 - r.nextDouble(), v = r.nextDouble(), radius = Math.sqrt(-2 * Math.log(u));
      x[i] = (float) (radius * Math.cos(2 * Math.PI * v));
      if (i + 1 < x.length) {
        x[i + 1] = (float) (radius * Math.sin(2 * Math.PI * v));
      }
    }
  }
}
