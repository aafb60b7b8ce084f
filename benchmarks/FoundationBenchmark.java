package org.chatvla4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.nn.AdamW;
import org.chatvla4j.nn.AdamWConfig;
import org.chatvla4j.nn.Attention;
import org.chatvla4j.nn.Embedding;
import org.chatvla4j.nn.Gradients;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;
import org.chatvla4j.nn.RmsNorm;
import org.chatvla4j.nn.RotaryEmbedding;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Engine;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;

/**
 * The engine's numbers on this machine: GEMM GFLOP/s (fp32, bf16) against numpy's BLAS in the same run, and a tiny
 * transformer train step (4 layers, d 256, 4 heads, SwiGLU 1024, RMSNorm, causal SDPA, seq 128, batch 8, vocab 1000,
 * AdamW) against the reference measured on this machine kind (java-stack.md §2.3: 147 ms with MKL).
 */
public final class FoundationBenchmark {
  private static final double REFERENCE_STEP_MS = 147;

  public static void main(String[] args) throws Exception {
    System.out.println(Engine.start());
    for (int n : new int[] {1024, 4096}) {
      double f32 = gemm(n, DType.F32);
      double bf16 = n > 1024 && !Engine.start().fastBf16() ? Double.NaN : gemm(n, DType.BF16); // emulated 4096³ bf16 takes minutes
      double numpy = numpyGemm(n);
      System.out.printf("GEMM %d²: fp32 %.0f GFLOP/s, bf16 %.1f GFLOP/s (bf16/fp32 %.2fx), numpy fp32 %s%n", n, f32, bf16,
          bf16 / f32, Double.isNaN(numpy) ? "n/a" : String.format("%.0f GFLOP/s (ours/numpy %.2fx)", numpy, f32 / numpy));
    }
    double ms = trainStep();
    System.out.printf("tiny transformer train step: %.1f ms median (reference %.0f ms: ratio %.2fx)%n", ms, REFERENCE_STEP_MS,
        REFERENCE_STEP_MS / ms);
  }

  static double gemm(int n, DType dtype) {
    try (Scope s = Scope.open()) {
      Tensor a = torch.randn(new long[] {n, n}, DType.F32.options()).to(dtype.scalarType());
      Tensor b = torch.randn(new long[] {n, n}, DType.F32.options()).to(dtype.scalarType());
      long probe = System.nanoTime();
      try (Scope inner = Scope.open()) {
        a.matmul(b);
      }
      double once = (System.nanoTime() - probe) / 1e9;
      if (once > 5) {
        return 2.0 * n * n * n / once / 1e9; // an emulated dtype: one call is the measurement
      }
      int reps = (int) Math.max(1, Math.min(20, 1.0 / once));
      double best = Double.MAX_VALUE;
      for (int r = 0; r < 3; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          try (Scope inner = Scope.open()) {
            a.matmul(b);
          }
        }
        best = Math.min(best, (System.nanoTime() - t0) / 1e9 / reps);
      }
      return 2.0 * n * n * n / best / 1e9;
    }
  }

  /** numpy's float32 matmul on the same machine, or NaN when python3/numpy are absent. */
  static double numpyGemm(int n) {
    String py = "import numpy as np,time\n" + "a=np.random.rand(" + n + "," + n + ").astype(np.float32);b=a.copy();a@b\n"
        + "best=1e9\nfor r in range(3):\n t=time.perf_counter();[a@b for _ in range(" + (n >= 4096 ? 3 : 20) + ")]\n"
        + " best=min(best,(time.perf_counter()-t)/" + (n >= 4096 ? 3 : 20) + ")\nprint(2*" + n + "**3/best/1e9)";
    try {
      Process p = new ProcessBuilder("python3", "-c", py).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      return p.waitFor() == 0 ? Double.parseDouble(out.lines().reduce((x, y) -> y).orElse("NaN")) : Double.NaN;
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  /** Median ms of 20 steps after 3 warm-up steps. */
  static double trainStep() {
    int layers = 4, d = 256, heads = 4, ff = 1024, seq = 128, batch = 8, vocab = 1000;
    TinyLm model = new TinyLm(Init.cpu(DType.F32, 0), layers, d, heads, ff, vocab);
    AdamW opt = new AdamW(model, AdamWConfig.defaults(1e-3));
    Tensor ids = Scope.keepForever(torch.randint(vocab, new long[] {batch, seq + 1}, DType.I64.options()));
    Tensor inputs = Scope.keepForever(ids.narrow(1, 0, seq));
    Tensor targets = Scope.keepForever(ids.narrow(1, 1, seq).reshape(-1));
    List<Double> times = new ArrayList<>();
    for (int step = 0; step < 23; step++) {
      long t0 = System.nanoTime();
      try (Scope s = Scope.open()) {
        opt.zeroGrad();
        Tensor logits = model.forward(inputs); // [B, T, V]
        Tensor loss = torch.cross_entropy(logits.reshape(-1, vocab), targets);
        loss.backward();
        Gradients.clipNorm(opt.parameters(), 1.0);
        opt.step();
      }
      if (step >= 3) {
        times.add((System.nanoTime() - t0) / 1e6);
      }
    }
    double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.println("  step times (ms): " + Arrays.toString(Arrays.stream(sorted).map(Math::rint).toArray()));
    return sorted[sorted.length / 2];
  }

  /** A minimal decoder-only LM made of the project's layers. */
  static final class TinyLm extends Module {
    final Embedding embed;
    final List<Layer> layers = new ArrayList<>();
    final RmsNorm norm;
    final Linear head;
    final int heads;
    final Tensor invFreq;

    TinyLm(Init init, int n, int d, int heads, int ff, int vocab) {
      this.heads = heads;
      embed = register("embed_tokens", new Embedding(init, vocab, d, 0.02));
      for (int i = 0; i < n; i++) {
        layers.add(register("layers." + i, new Layer(init, d, ff)));
      }
      norm = register("norm", new RmsNorm(init, d, 1e-6));
      head = register("lm_head", Linear.withoutBias(init, d, vocab));
      invFreq = Scope.keepForever(RotaryEmbedding.inverseFrequencies(d / heads, 10000));
    }

    Tensor forward(Tensor ids) {
      long b = ids.size(0), t = ids.size(1);
      Tensor pos = torch.arange(new org.bytedeco.pytorch.Scalar(t), DType.I64.options()).unsqueeze(0).expand(new long[] {b, t});
      Tensor[] cs = RotaryEmbedding.cosSin(pos, invFreq); // [B, T, Hd]
      Tensor x = embed.forward(ids); // [B, T, D]
      for (Layer l : layers) {
        x = l.forward(x, heads, cs[0], cs[1]);
      }
      return head.forward(norm.forward(x)); // [B, T, V]
    }
  }

  static final class Layer extends Module {
    final RmsNorm n1, n2;
    final Linear q, k, v, o, gate, up, down;

    Layer(Init init, int d, int ff) {
      n1 = register("input_layernorm", new RmsNorm(init, d, 1e-6));
      q = register("q_proj", Linear.withBias(init, d, d));
      k = register("k_proj", Linear.withBias(init, d, d));
      v = register("v_proj", Linear.withBias(init, d, d));
      o = register("o_proj", Linear.withoutBias(init, d, d));
      n2 = register("post_attention_layernorm", new RmsNorm(init, d, 1e-6));
      gate = register("gate_proj", Linear.withoutBias(init, d, ff));
      up = register("up_proj", Linear.withoutBias(init, d, ff));
      down = register("down_proj", Linear.withoutBias(init, ff, d));
    }

    Tensor forward(Tensor x, int heads, Tensor cos, Tensor sin) {
      long b = x.size(0), t = x.size(1), d = x.size(2), hd = d / heads;
      Tensor h = n1.forward(x); // [B, T, D]
      Tensor qh = RotaryEmbedding.apply(q.forward(h).view(b, t, heads, hd).transpose(1, 2), cos, sin); // [B, N, T, Hd]
      Tensor kh = RotaryEmbedding.apply(k.forward(h).view(b, t, heads, hd).transpose(1, 2), cos, sin);
      Tensor vh = v.forward(h).view(b, t, heads, hd).transpose(1, 2);
      Tensor a = Attention.causal(qh, kh, vh).transpose(1, 2).reshape(b, t, d); // [B, T, D]
      x = x.add(o.forward(a));
      Tensor m = n2.forward(x);
      return x.add(down.forward(torch.silu(gate.forward(m)).mul(up.forward(m)))); // [B, T, D]
    }
  }
}
