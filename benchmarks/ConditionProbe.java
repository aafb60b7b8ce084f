package org.chatvla4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.data.EpisodeFile;
import org.chatvla4j.eval.EvalCheckpoint;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.ChatVlaModel;
import org.chatvla4j.model.moe.ExpertRouting;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.model.vision.VisionTransformer;
import org.chatvla4j.policy.ChatVlaPolicy;
import org.chatvla4j.tensor.Engine;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.text.LabeledSequence;

/**
 * What the states the action head pools know, by ridge probes on a checkpoint and oracle episodes
 * (docs/control-diagnosis.md quotes them). Every {@code every}-th frame of each episode is run through the control
 * expert with its true reasoning teacher-forced; the last-layer states are mean-pooled over the prompt (P) and over the
 * reasoning (R), as the head pools them. Ridge regressions, fitted on the first 80 % of episodes and scored on the
 * rest, then read: the effector's xy from mean P (R², held out), and the oracle's action from the state + mean P and
 * from mean R (mean cosine, held out); and the effector's xy from the image tokens' states side by side, unpooled (R²,
 * held out): whether the decoder's view of the image holds the arm's position at all; and the same from the vision
 * tower's merged tokens, the decoder's input. A probe at R² ≈ 0 or cosine ≈ 0 means the input does not carry that
 * quantity linearly.
 *
 * <pre>./chatvla bench ConditionProbe CHECKPOINT_DIR EPISODES_DIR [every, default 3] [episodes, default all]</pre>
 *
 * The checkpoint's dataset_stats.json normalises states and actions; a stage-0 checkpoint without one can borrow a later
 * checkpoint's with {@code -Dprobe.stats=DIR}.
 */
public final class ConditionProbe {
  private static final double[] LAMBDAS = {1e-2, 1, 100};
  /** The image tokens side by side have about as many features as there are training frames, so shrink harder too. */
  private static final double[] IMAGE_LAMBDAS = {1, 100, 10_000};

  private ConditionProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ./chatvla bench ConditionProbe CHECKPOINT_DIR EPISODES_DIR [every] [episodes]");
      System.exit(2);
    }
    System.out.println("engine: " + Engine.start());
    EvalCheckpoint ckpt = EvalCheckpoint.open(Path.of(args[0]), System.err);
    Path statsDir = Path.of(System.getProperty("probe.stats", args[0]));
    DatasetStats stats = ChatVlaPolicy.readStats(statsDir, System.err).orElseThrow(() -> new IllegalArgumentException(
        statsDir + " has no dataset_stats.json; pass -Dprobe.stats=DIR of a checkpoint trained on robot data"));
    int every = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<Path> files = episodeFiles(Path.of(args[1]));
    int episodes = args.length > 3 ? Math.min(Integer.parseInt(args[3]), files.size()) : files.size();
    List<double[]> prompt = new ArrayList<>();
    List<double[]> reasoning = new ArrayList<>();
    List<double[]> image = new ArrayList<>();
    List<double[]> vision = new ArrayList<>();
    List<double[]> state = new ArrayList<>();
    List<double[]> effector = new ArrayList<>();
    List<double[]> action = new ArrayList<>();
    List<Integer> episodeOf = new ArrayList<>();
    long t0 = System.nanoTime();
    try (NoGradGuard noGrad = new NoGradGuard()) {
      for (int e = 0; e < episodes; e++) {
        try (EpisodeFile f = EpisodeFile.open(files.get(e))) {
          float[][] actions = f.actions();
          float[][] qpos = f.qpos();
          List<String> sentences = f.substepReasonings();
          String camera = f.cameraNames().getFirst();
          for (int t = 0; t < f.length(); t += every) {
            // one preprocessing per frame, shared by the decoder pass and the tower pass
            ProcessedImages px = ckpt.model().imageProcessor().preprocess(List.of(f.frame(camera, t)));
            double[][] pooled = pooled(ckpt.model(), px, f.instruction(), sentences.get(t));
            prompt.add(pooled[0]);
            reasoning.add(pooled[1]);
            image.add(pooled[2]);
            vision.add(visionTokens(ckpt.model(), px));
            double[] s = toDoubles(stats.normalizeState(qpos[t]));
            state.add(s);
            effector.add(new double[] {s[0], s[1]});
            action.add(toDoubles(stats.normalizeAction(actions[t])));
            episodeOf.add(e);
          }
        }
      }
    }
    int cut = episodes * 4 / 5;
    System.out.printf("%d frames of %d episodes (train: first %d episodes) in %.0f s%n", action.size(), episodes, cut,
        (System.nanoTime() - t0) / 1e9);
    Ridge.report("effector xy <- mean P", prompt, effector, episodeOf, cut, LAMBDAS);
    Ridge.report("action <- state", state, action, episodeOf, cut, LAMBDAS);
    Ridge.report("action <- state + mean P", concat(state, prompt), action, episodeOf, cut, LAMBDAS);
    Ridge.report("action <- mean R", reasoning, action, episodeOf, cut, LAMBDAS);
    Ridge.report("effector xy <- image tokens", image, effector, episodeOf, cut, IMAGE_LAMBDAS);
    Ridge.report("effector xy <- ViT merger", vision, effector, episodeOf, cut, IMAGE_LAMBDAS);
  }

  /** The episode files of a directory, sorted by name. */
  static List<Path> episodeFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".hdf5")).sorted().toList();
    }
  }

  /**
   * The control expert's last-layer states of one frame with its true reasoning teacher-forced: {@code states} [L, D]
   * flattened row-major, the prompt P being rows 0 … promptLen−1 and the reasoning R the rest.
   */
  record FrameStates(float[] states, int width, int promptLen, int length, int[] imageRows) {}

  /** {@link FrameStates} of one preprocessed frame; call under a {@link NoGradGuard}. */
  static FrameStates encode(ChatVla vla, ProcessedImages px, String instruction, String sentence) {
    try (Scope s = Scope.open()) {
      LabeledSequence seq = vla.prompts().robotSample(ChatVla.grids(px), instruction, sentence);
      ChatVlaModel m = vla.model();
      Tensor h = m.hiddenStates(vla.inputs(seq.inputIds(), px), ExpertRouting.all(Task.CONTROL, 1)); // [1, L, D]
      int pad = vla.model().config().tokens().imagePad();
      int[] imageRows = java.util.stream.IntStream.range(0, seq.inputIds().length).filter(i -> seq.inputIds()[i] == pad).toArray();
      return new FrameStates(Tensors.toFloats(h), (int) h.size(2), seq.firstSupervised(), seq.inputIds().length, imageRows);
    }
  }

  /**
   * Mean P and mean R of the control expert's last-layer states for a frame with its true reasoning, and the states of
   * the image tokens one after another (not pooled: what attention could read position from).
   */
  private static double[][] pooled(ChatVla vla, ProcessedImages px, String instruction, String sentence) {
    FrameStates fs = encode(vla, px, instruction, sentence);
    int d = fs.width();
    int start = fs.promptLen();
    double[] p = new double[d];
    double[] r = new double[d];
    for (int j = 0; j < fs.length(); j++) {
      double[] into = j < start ? p : r;
      double w = j < start ? 1.0 / start : 1.0 / (fs.length() - start);
      for (int k = 0; k < d; k++) {
        into[k] += w * fs.states()[j * d + k];
      }
    }
    double[] image = new double[fs.imageRows().length * d];
    for (int i = 0; i < fs.imageRows().length; i++) {
      for (int k = 0; k < d; k++) {
        image[i * d + k] = fs.states()[fs.imageRows()[i] * d + k];
      }
    }
    return new double[][] {p, r, image};
  }

  /** The vision tower's merged patch tokens of a frame side by side ([N, D] row-major): what the decoder is given. */
  private static double[] visionTokens(ChatVla vla, ProcessedImages px) {
    try (Scope s = Scope.open()) {
      VisionTransformer visual = (VisionTransformer) vla.model().modules().get("visual");
      return toDoubles(Tensors.toFloats(visual.forward(px.pixelValuesTensor(), px.gridThwTensor()).contiguous()));
    }
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static List<double[]> concat(List<double[]> a, List<double[]> b) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      double[] x = new double[a.get(i).length + b.get(i).length];
      System.arraycopy(a.get(i), 0, x, 0, a.get(i).length);
      System.arraycopy(b.get(i), 0, x, a.get(i).length, b.get(i).length);
      out.add(x);
    }
    return out;
  }

  /** Ridge regression with an intercept, solved by Gauss–Jordan on the normal equations; scored by episode split. */
  static final class Ridge {
    private Ridge() {}

    static void report(String name, List<double[]> x, List<double[]> y, List<Integer> episodeOf, int cut, double[] lambdas) {
      for (double lambda : lambdas) {
        double[][] w = fit(x, y, episodeOf, cut, lambda);
        double[] r2 = {0, 0};
        double[] cosine = {0, 0};
        for (int split = 0; split < 2; split++) {
          double[] mean = new double[y.getFirst().length];
          int n = 0;
          for (int i = 0; i < y.size(); i++) {
            if ((episodeOf.get(i) < cut) == (split == 0)) {
              for (int k = 0; k < mean.length; k++) {
                mean[k] += y.get(i)[k];
              }
              n++;
            }
          }
          double residual = 0;
          double total = 0;
          double cos = 0;
          int moving = 0;
          for (int i = 0; i < y.size(); i++) {
            if ((episodeOf.get(i) < cut) != (split == 0)) {
              continue;
            }
            double[] p = predict(w, x.get(i));
            double[] o = y.get(i);
            double dot = 0;
            double np = 0;
            double no = 0;
            for (int k = 0; k < o.length; k++) {
              residual += (p[k] - o[k]) * (p[k] - o[k]);
              total += (o[k] - mean[k] / n) * (o[k] - mean[k] / n);
              dot += p[k] * o[k];
              np += p[k] * p[k];
              no += o[k] * o[k];
            }
            if (no > 1e-12 && np > 1e-18) {
              cos += dot / Math.sqrt(np * no);
              moving++;
            }
          }
          r2[split] = 1 - residual / total;
          cosine[split] = moving == 0 ? Double.NaN : cos / moving;
        }
        System.out.printf("%-26s λ=%-6s train R² %6.3f cos %6.3f | held-out R² %6.3f cos %6.3f%n", name, lambda, r2[0], cosine[0],
            r2[1], cosine[1]);
      }
    }

    private static double[] predict(double[][] w, double[] x) {
      double[] p = new double[w[0].length];
      for (int k = 0; k < p.length; k++) {
        p[k] = w[0][k];
        for (int u = 0; u < x.length; u++) {
          p[k] += x[u] * w[u + 1][k];
        }
      }
      return p;
    }

    private static double[][] fit(List<double[]> x, List<double[]> y, List<Integer> episodeOf, int cut, double lambda) {
      int p = x.getFirst().length + 1;
      int m = y.getFirst().length;
      double[][] a = new double[p][p];
      double[][] b = new double[p][m];
      double[] row = new double[p];
      for (int i = 0; i < x.size(); i++) {
        if (episodeOf.get(i) >= cut) {
          continue;
        }
        row[0] = 1;
        System.arraycopy(x.get(i), 0, row, 1, p - 1);
        for (int u = 0; u < p; u++) {
          for (int v = 0; v < p; v++) {
            a[u][v] += row[u] * row[v];
          }
          for (int k = 0; k < m; k++) {
            b[u][k] += row[u] * y.get(i)[k];
          }
        }
      }
      for (int u = 1; u < p; u++) {
        a[u][u] += lambda; // the intercept is not shrunk
      }
      for (int c = 0; c < p; c++) {
        int pivot = c;
        for (int r = c + 1; r < p; r++) {
          if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
            pivot = r;
          }
        }
        double[] t = a[c];
        a[c] = a[pivot];
        a[pivot] = t;
        t = b[c];
        b[c] = b[pivot];
        b[pivot] = t;
        for (int r = 0; r < p; r++) {
          if (r == c) {
            continue;
          }
          double f = a[r][c] / a[c][c];
          for (int k = c; k < p; k++) {
            a[r][k] -= f * a[c][k];
          }
          for (int k = 0; k < m; k++) {
            b[r][k] -= f * b[c][k];
          }
        }
      }
      double[][] w = new double[p][m];
      for (int u = 0; u < p; u++) {
        for (int k = 0; k < m; k++) {
          w[u][k] = b[u][k] / a[u][u];
        }
      }
      return w;
    }
  }
}
