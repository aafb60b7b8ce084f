package org.chatvla4j.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
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
 * Latency of the action head on this machine: the tiny head's 10-step DDIM sampling for one robot query (median of
 * 50) and one ScaleDP-L training step (projectors + FiLM + ScaleDP-L, cond 1536, state 7, action 10, chunk 16) at batch
 * 8 with AdamW (median of {@code args[0]}, default 5, after one warm-up; 0 skips it).
 *
 * <pre>
 * mvn -q package -DskipTests
 * javac -d target/bench -cp 'target/classes:target/lib/*' benchmarks/ActionHeadBenchmark.java
 * java --enable-native-access=ALL-UNNAMED -Dorg.bytedeco.openblas.load=mkl_rt -cp 'target/bench:target/classes:target/lib/*' \
 *   org.chatvla4j.benchmarks.ActionHeadBenchmark
 * </pre>
 */
public final class ActionHeadBenchmark {
  private ActionHeadBenchmark() {}

  public static void main(String[] args) {
    int trainSteps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.println("engine: " + Engine.start());
    System.out.printf("tiny head, 10-step sampling, B=1: median %.2f ms (50 runs)%n", tinySampling());
    if (trainSteps > 0) {
      System.out.printf("ScaleDP-L training step, B=8: median %.0f ms (%d runs)%n", largeTrainStep(trainSteps), trainSteps);
    }
  }

  private static Tensor randn(long seed, long... shape) {
    return torch.randn(shape, new GeneratorOptional(torch.make_generator_cpu(seed)), DType.F32.options());
  }

  private static ActionHeadInputs inputs(ScaleDpConfig c, int b, int lp, int lr) {
    return new ActionHeadInputs(randn(1, b, lp, c.condDim()), torch.ones(new long[] {b, lp}, DType.F32.options()),
        randn(2, b, lr, c.condDim()), torch.ones(new long[] {b, lr}, DType.F32.options()), randn(3, b, c.stateDim()));
  }

  private static double tinySampling() {
    ScaleDpConfig c = Presets.tiny().actionHead().orElseThrow();
    ActionHead head = new ActionHead(Init.cpu(DType.F32, 0), c, SchedulerConfig.chatVla());
    head.eval();
    double[] ms = new double[50];
    try (Scope s = Scope.open()) {
      ActionHeadInputs in = inputs(c, 1, 32, 8);
      Tensor noise = randn(4, 1, c.predictionHorizon(), c.actionDim());
      for (int i = -5; i < ms.length; i++) {
        try (Scope run = Scope.open()) {
          long t0 = System.nanoTime();
          head.sampleActions(in, noise);
          if (i >= 0) {
            ms[i] = (System.nanoTime() - t0) / 1e6;
          }
        }
      }
    }
    return median(ms);
  }

  private static double largeTrainStep(int steps) {
    ScaleDpConfig c = ScaleDpConfig.scaleDpL(10, 7, 1536);
    ActionHead head = new ActionHead(Init.cpu(DType.F32, 0), c, SchedulerConfig.chatVla());
    System.out.printf("ScaleDP-L head: %,d parameters (policy_head %,d)%n", head.parameterCount(), head.policyHead().parameterCount());
    AdamW opt = new AdamW(head, new AdamWConfig(2e-5, 0.9, 0.98, 1e-7, 0.0));
    int b = 8;
    SplittableRandom r = new SplittableRandom(0);
    long[] t = new long[b];
    for (int i = 0; i < b; i++) {
      t[i] = r.nextInt(100);
    }
    double[] ms = new double[steps];
    try (Scope s = Scope.open()) {
      ActionHeadInputs in = inputs(c, b, 64, 16);
      Tensor actions = torch.rand(new long[] {b, 16, 10}, DType.F32.options()).mul(Tensors.scalar(2)).sub(Tensors.scalar(1));
      Tensor isPad = torch.zeros(new long[] {b, 16}, DType.BOOL.options());
      Tensor noise = randn(5, b, 16, 10);
      Tensor ts = Tensors.fromLongs(t, b);
      for (int i = -1; i < steps; i++) {
        try (Scope step = Scope.open()) {
          long t0 = System.nanoTime();
          opt.zeroGrad();
          Tensor loss = head.computeLoss(in, actions, isPad, noise, ts);
          loss.backward();
          opt.step();
          double elapsed = (System.nanoTime() - t0) / 1e6;
          System.out.printf("  step %d: loss %.4f, %.0f ms%n", i, loss.item_float(), elapsed);
          if (i >= 0) {
            ms[i] = elapsed;
          }
        }
      }
    }
    return median(ms);
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
