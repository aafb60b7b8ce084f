package org.chatvla4j.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.config.ChatVlaConfig;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.data.EpisodeFile;
import org.chatvla4j.eval.EvalCheckpoint;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.action.ActionHead;
import org.chatvla4j.model.action.ActionHeadInputs;
import org.chatvla4j.nn.AdamW;
import org.chatvla4j.nn.AdamWConfig;
import org.chatvla4j.nn.Gradients;
import org.chatvla4j.nn.Init;
import org.chatvla4j.policy.ChatVlaPolicy;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Engine;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.world.oracle.SubstepReasoning;

/**
 * Can a fresh action head learn to read the oracle's action from a checkpoint's frozen VLM states? The question behind
 * docs/control-diagnosis.md. The control expert of CHECKPOINT encodes every {@code every}-th frame of the first
 * 80 % of the episodes with its true reasoning teacher-forced (every 3rd frame of the rest is held out); then a fresh
 * {@link ActionHead} (projectors, FiLM, ScaleDP) trains on those frozen states alone, and every 250 steps the held-out
 * cosine between its first action and the oracle's is printed.
 *
 * <ul>
 *   <li>{@code diffusion}: the head's own loss ({@link ActionHead#computeLoss}, ε-prediction, K noise draws per
 *       sample) and its DDIM sampler, as training and {@code act} use them.
 *   <li>{@code regress}: the same condition path (projectors → FiLM → norm_after_pool → cond_obs_emb) read out by one
 *       linear layer and trained by MSE on the first action: what the path can carry when the loss asks for it directly.
 *   <li>{@code heading}: {@code diffusion} with the reasoning states replaced by one token, a fixed N(0, 1) code of the
 *       heading the oracle's sentence names for that frame (the prompt states stay the checkpoint's): how fast the head
 *       learns when the heading is all its reasoning input varies with.
 *   <li>{@code aux}: {@code diffusion} plus the {@code regress} loss on a trained linear readout, as one sum.
 *   <li>{@code aux0}: {@code diffusion} plus {@link ActionHead#readoutLoss} (the condition's first Da channels against
 *       the first action, no readout parameters): what a recipe's {@code loss_weights.readout} 1 adds.
 * </ul>
 *
 * <pre>./chatvla bench HeadFit CHECKPOINT_DIR EPISODES_DIR [diffusion|regress|heading|aux|aux0] [steps 2000] [lr 1e-3] [every 2]
 *     [draws 8] [horizon: the checkpoint's] [batch 8]</pre>
 *
 * The ridge probes of {@link ConditionProbe} answer the same question for a linear map on the pooled states.
 */
public final class HeadFit {
  private static final int EVAL_EVERY = 250;
  private static final int HELD_OUT_EVERY = 3;

  /** One frame's frozen inputs: prompt and reasoning states [L, D] flattened, the normalised state and chunk. */
  private record Frame(float[] prompt, int promptLen, float[] reasoning, int reasoningLen, float[] state, float[] chunk, float[] pad) {}

  private HeadFit() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ./chatvla bench HeadFit CHECKPOINT_DIR EPISODES_DIR [diffusion|regress|heading|aux|aux0] [steps] [lr] [every]"
          + " [draws] [horizon] [batch]");
      System.exit(2);
    }
    String mode = arg(args, 2, "diffusion");
    if (!List.of("diffusion", "regress", "heading", "aux", "aux0").contains(mode)) {
      throw new IllegalArgumentException("mode must be diffusion, regress, heading, aux or aux0, got '" + mode + "'");
    }
    int steps = Integer.parseInt(arg(args, 3, "2000"));
    double lr = Double.parseDouble(arg(args, 4, "1e-3"));
    int every = Integer.parseInt(arg(args, 5, "2"));
    int draws = Integer.parseInt(arg(args, 6, "8"));
    System.out.println("engine: " + Engine.start());
    EvalCheckpoint ckpt = EvalCheckpoint.open(Path.of(args[0]), System.err);
    DatasetStats stats = ChatVlaPolicy.readStats(Path.of(args[0]), System.err)
        .orElseThrow(() -> new IllegalArgumentException(args[0] + " has no dataset_stats.json: use a checkpoint trained on robot data"));
    ChatVlaConfig config = ckpt.model().model().config();
    ScaleDpConfig own = config.actionHead().orElseThrow();
    int horizon = Integer.parseInt(arg(args, 7, "" + own.predictionHorizon()));
    int batch = Integer.parseInt(arg(args, 8, "8"));
    ScaleDpConfig headConfig = new ScaleDpConfig(own.depth(), own.nEmb(), own.numHeads(), own.mlpRatio(), horizon,
        own.actionDim(), own.stateDim(), own.condDim());

    List<Path> files = ConditionProbe.episodeFiles(Path.of(args[1]));
    List<Frame> train = new ArrayList<>();
    List<Frame> heldOut = new ArrayList<>();
    long t0 = System.nanoTime();
    int cut = files.size() * 4 / 5;
    for (int e = 0; e < files.size(); e++) {
      encode(ckpt.model(), stats, files.get(e), e < cut ? every : HELD_OUT_EVERY, headConfig, mode.equals("heading"),
          e < cut ? train : heldOut);
    }
    System.out.printf("%s: %d training frames (%d episodes), %d held-out frames, encoded in %.0f s; horizon %d, batch %d,"
        + " %d noise draws, lr %s%n", mode, train.size(), cut, heldOut.size(), (System.nanoTime() - t0) / 1e9, horizon, batch,
        draws, lr);

    ActionHead head = new ActionHead(Init.cpu(DType.F32, 7), headConfig, config.scheduler());
    Init readoutInit = Init.cpu(DType.F32, 8);
    Tensor readout = readoutInit.normal(0.02, headConfig.nEmb(), headConfig.actionDim()).set_requires_grad(true);
    AdamW optimizer = new AdamW(head, new AdamWConfig(lr, 0.9, 0.98, 1e-7, 0.0));
    org.bytedeco.pytorch.AdamW readoutOptimizer = new org.bytedeco.pytorch.AdamW(
        new org.bytedeco.pytorch.TensorVector(readout), new org.bytedeco.pytorch.AdamWOptions(lr));
    List<Tensor> clipped = new ArrayList<>(optimizer.parameters());
    clipped.add(readout);
    SplittableRandom rng = new SplittableRandom(1);
    int trainSteps = config.scheduler().numTrainTimesteps();
    double lossSum = 0;
    for (int step = 1; step <= steps; step++) {
      try (Scope s = Scope.open()) {
        List<Frame> b = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          b.add(train.get(rng.nextInt(train.size())));
        }
        ActionHeadInputs in = inputs(b);
        Tensor chunks = chunks(b, horizon); // [B, A, Da]
        Tensor loss;
        if (!mode.equals("regress")) {
          Tensor noise = gaussian(rng, batch * draws, horizon, headConfig.actionDim()); // [B·K, A, Da]
          long[] t = new long[batch * draws];
          for (int i = 0; i < t.length; i++) {
            t[i] = rng.nextInt(trainSteps);
          }
          loss = head.computeLoss(in, chunks, pads(b, horizon), noise, Tensors.fromLongs(t, t.length));
          if (mode.equals("aux")) {
            // [B, Da]: the regress readout as an auxiliary loss on the same condition path
            Tensor first = torch.matmul(head.policyHead().encodeCondition(head.condition(in), in.state()), readout);
            loss = loss.add(first.sub(chunks.select(1, 0)).square().mean());
          }
          if (mode.equals("aux0")) {
            // [B, Da]: the condition's first Da channels asked to carry the first action (no readout parameters)
            loss = loss.add(head.readoutLoss(head.policyHead().encodeCondition(head.condition(in), in.state()), chunks));
          }
        } else {
          // [B, Da]: the condition embedding read out linearly, against the first action
          Tensor first = torch.matmul(head.policyHead().encodeCondition(head.condition(in), in.state()), readout);
          loss = first.sub(chunks.select(1, 0)).square().mean();
        }
        optimizer.zeroGrad();
        readoutOptimizer.zero_grad();
        loss.backward();
        Gradients.clipNorm(clipped, 1.0);
        optimizer.step();
        readoutOptimizer.step();
        lossSum += Tensors.item(loss);
      }
      if (step % EVAL_EVERY == 0) {
        System.out.printf("step %5d  loss %.4f  held-out first-action cosine %6.3f  (%.0f s)%n", step, lossSum / EVAL_EVERY,
            heldOutCosine(head, readout, mode, heldOut, horizon), (System.nanoTime() - t0) / 1e9);
        lossSum = 0;
      }
    }
  }

  /**
   * Appends every {@code every}-th frame of one episode, encoded by the control expert with its true reasoning; with
   * {@code headingCode} the reasoning states become the {@link #headingCode} of the sentence's heading.
   */
  private static void encode(ChatVla vla, DatasetStats stats, Path file, int every, ScaleDpConfig head, boolean headingCode,
      List<Frame> into) {
    int a = head.predictionHorizon();
    int da = head.actionDim();
    try (EpisodeFile f = EpisodeFile.open(file); NoGradGuard noGrad = new NoGradGuard()) {
      float[][] actions = f.actions();
      float[][] qpos = f.qpos();
      List<String> sentences = f.substepReasonings();
      String camera = f.cameraNames().getFirst();
      for (int t = 0; t < f.length(); t += every) {
        ConditionProbe.FrameStates fs = ConditionProbe.encode(vla, vla.imageProcessor().preprocess(List.of(f.frame(camera, t))),
            f.instruction(), sentences.get(t));
        int d = fs.width();
        int start = fs.promptLen();
        float[] chunk = new float[a * da];
        float[] pad = new float[a];
        for (int k = 0; k < a; k++) {
          if (t + k < actions.length) {
            System.arraycopy(stats.normalizeAction(actions[t + k]), 0, chunk, k * da, da);
          } else {
            pad[k] = 1;
          }
        }
        float[] reasoning = headingCode
            ? headingCode(SubstepReasoning.headingOf(sentences.get(t)), d)
            : Arrays.copyOfRange(fs.states(), start * d, fs.length() * d);
        into.add(new Frame(Arrays.copyOfRange(fs.states(), 0, start * d), start, reasoning, reasoning.length / d,
            stats.normalizeState(qpos[t]), chunk, pad));
      }
    }
  }

  /** One token of width d: a fixed N(0, 1) vector per heading ("" when the sentence names none is a code of its own). */
  private static float[] headingCode(String heading, int d) {
    SplittableRandom rng = new SplittableRandom(heading.hashCode());
    float[] code = new float[d];
    for (int i = 0; i < d; i++) {
      code[i] = (float) rng.nextGaussian();
    }
    return code;
  }

  /** Mean cosine between the first predicted and the oracle's first action over held-out frames where both move. */
  private static double heldOutCosine(ActionHead head, Tensor readout, String mode, List<Frame> heldOut, int horizon) {
    SplittableRandom rng = new SplittableRandom(99); // the same sampler noise at every evaluation
    int da = head.policyHead().config().actionDim();
    double sum = 0;
    int n = 0;
    try (NoGradGuard noGrad = new NoGradGuard()) {
      for (int i = 0; i < heldOut.size(); i += 16) {
        try (Scope s = Scope.open()) {
          List<Frame> b = heldOut.subList(i, Math.min(heldOut.size(), i + 16));
          ActionHeadInputs in = inputs(b);
          Tensor noise = gaussian(rng, b.size(), horizon, da);
          // [B, Da]
          Tensor first = !mode.equals("regress")
              ? head.sampleActions(in, noise).select(1, 0)
              : torch.matmul(head.policyHead().encodeCondition(head.condition(in), in.state()), readout);
          float[] p = Tensors.toFloats(first.contiguous());
          for (int j = 0; j < b.size(); j++) {
            double dot = 0;
            double np = 0;
            double no = 0;
            for (int k = 0; k < da; k++) {
              double pk = p[j * da + k];
              double ok = b.get(j).chunk[k];
              dot += pk * ok;
              np += pk * pk;
              no += ok * ok;
            }
            if (np > 1e-18 && no > 1e-12) {
              sum += dot / Math.sqrt(np * no);
              n++;
            }
          }
        }
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** A batch of frames as head inputs, prompt and reasoning right-padded to the batch's longest with their masks. */
  private static ActionHeadInputs inputs(List<Frame> b) {
    int lp = b.stream().mapToInt(Frame::promptLen).max().orElseThrow();
    int lr = b.stream().mapToInt(Frame::reasoningLen).max().orElseThrow();
    int d = b.getFirst().prompt.length / b.getFirst().promptLen;
    int ds = b.getFirst().state.length;
    float[] p = new float[b.size() * lp * d];
    float[] pm = new float[b.size() * lp];
    float[] r = new float[b.size() * lr * d];
    float[] rm = new float[b.size() * lr];
    float[] s = new float[b.size() * ds];
    for (int i = 0; i < b.size(); i++) {
      Frame f = b.get(i);
      System.arraycopy(f.prompt, 0, p, i * lp * d, f.promptLen * d);
      Arrays.fill(pm, i * lp, i * lp + f.promptLen, 1f);
      System.arraycopy(f.reasoning, 0, r, i * lr * d, f.reasoningLen * d);
      Arrays.fill(rm, i * lr, i * lr + f.reasoningLen, 1f);
      System.arraycopy(f.state, 0, s, i * ds, ds);
    }
    return new ActionHeadInputs(Tensors.fromFloats(p, b.size(), lp, d), Tensors.fromFloats(pm, b.size(), lp),
        Tensors.fromFloats(r, b.size(), lr, d), Tensors.fromFloats(rm, b.size(), lr), Tensors.fromFloats(s, b.size(), ds));
  }

  /** [B, A, Da] normalised oracle chunks. */
  private static Tensor chunks(List<Frame> b, int horizon) {
    int width = b.getFirst().chunk.length;
    float[] c = new float[b.size() * width];
    for (int i = 0; i < b.size(); i++) {
      System.arraycopy(b.get(i).chunk, 0, c, i * width, width);
    }
    return Tensors.fromFloats(c, b.size(), horizon, width / horizon);
  }

  /** [B, A]: 1 where the chunk runs past the episode's end. */
  private static Tensor pads(List<Frame> b, int horizon) {
    float[] c = new float[b.size() * horizon];
    for (int i = 0; i < b.size(); i++) {
      System.arraycopy(b.get(i).pad, 0, c, i * horizon, horizon);
    }
    return Tensors.fromFloats(c, b.size(), horizon);
  }

  private static Tensor gaussian(SplittableRandom rng, int rows, int horizon, int da) {
    float[] x = new float[rows * horizon * da];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    return Tensors.fromFloats(x, rows, horizon, da);
  }

  private static String arg(String[] args, int i, String fallback) {
    return args.length > i ? args[i] : fallback;
  }
}
