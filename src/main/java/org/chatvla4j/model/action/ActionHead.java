package org.chatvla4j.model.action;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.SchedulerConfig;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.model.diffusion.DdimScheduler;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Module;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;

/**
 * Port of ChatVLA's action path ({@code Qwen2VLForConditionalGenerationForVLA}: {@code input_action_proj},
 * {@code reasoning_action_proj}, {@code reasoning_film}, {@code policy_head}; chatvla-paper.md §3.4, §4.5): the VLM's
 * prompt and reasoning hidden states become one condition token, h = FiLM(input_action_proj(P),
 * reasoning_action_proj(R)) + mean(P), and ScaleDP denoises an action chunk under it with DDIM.
 *
 * <p>The four children carry the top-level names of ChatVLA checkpoints, so this module's parameter names are the
 * checkpoint's keys. Noise and timesteps are arguments: the head draws no random numbers.
 *
 * <p>Abbreviations: B batch, Lp/Lr prompt/reasoning tokens, D VLM width (= {@code cond_dim}), A actions per chunk, Da
 * action width, Ds state width.
 */
public final class ActionHead extends Module {
  private final ScaleDp policyHead;
  private final ActionProjector inputActionProj;
  private final ActionProjector reasoningActionProj;
  private final Film reasoningFilm;
  private final DdimScheduler scheduler;

  public ActionHead(Init init, ScaleDpConfig head, SchedulerConfig schedule) {
    long d = head.condDim();
    this.policyHead = register("policy_head", new ScaleDp(init, head));
    this.inputActionProj = register("input_action_proj", new ActionProjector(init, d, d));
    this.reasoningActionProj = register("reasoning_action_proj", new ActionProjector(init, d, d));
    this.reasoningFilm = register("reasoning_film", new Film(init, d, d));
    this.scheduler = new DdimScheduler(schedule);
  }

  public ScaleDp policyHead() {
    return policyHead;
  }

  public DdimScheduler scheduler() {
    return scheduler;
  }

  /** The condition token h + identity [B, 1, D] (the reference's {@code action_hidden_states}). */
  public Tensor condition(ActionHeadInputs in) {
    long d = policyHead.config().condDim();
    Shapes.check("prompt hidden states", in.prompt(), "B, Lp, D", Shapes.ANY, Shapes.ANY, d);
    long b = in.prompt().size(0);
    Shapes.check("reasoning hidden states", in.reasoning(), "B, Lr, D", b, Shapes.ANY, d);
    // [B, D]
    Tensor identity = ActionProjector.maskedMean(in.prompt(), in.promptMask());
    Tensor p = inputActionProj.forward(in.prompt(), in.promptMask());
    Tensor r = reasoningActionProj.forward(in.reasoning(), in.reasoningMask());
    // [B, 1, D]
    return reasoningFilm.forward(p, r).add(identity).unsqueeze(1);
  }

  /**
   * The diffusion loss of §4.5: ε-prediction MSE averaged over the non-padded elements, Σ (ε̂ − ε)²·¬pad / (#non-padded
   * steps · Da); 0 when every step is padding.
   *
   * <p>{@code noise} may hold K draws per sample (K·B rows, sample b's draws at rows b·K … b·K+K−1, each with its own
   * timestep): the condition is computed once per sample and only the denoiser trunk sees K rows. K = 1 is the
   * reference; K &gt; 1 gives the head K times the (noise, timestep) pairs per VLM forward, for the price of its trunk
   * alone, and the loss is the mean over all of them.
   *
   * @param actions normalised clean actions [B, A, Da] (min–max to [−1, 1])
   * @param isPad [B, A], true (nonzero) where the step lies past the episode end
   * @param noise ε [B·K, A, Da]
   * @param timesteps t [B·K] int64 in 0 … T−1
   */
  public Tensor computeLoss(ActionHeadInputs in, Tensor actions, Tensor isPad, Tensor noise, Tensor timesteps) {
    return computeLosses(in, actions, isPad, noise, timesteps).diffusion();
  }

  /**
   * The diffusion loss of the head's condition (a scalar each, {@code diffusion} carrying the graph) and its readout
   * loss: {@link #computeLoss} plus {@link #readoutLoss} on the same condition, computed once.
   */
  public record Losses(Tensor diffusion, Tensor readout) {}

  /** {@link #computeLoss} and {@link #readoutLoss} from one condition; arguments as {@link #computeLoss}. */
  public Losses computeLosses(ActionHeadInputs in, Tensor actions, Tensor isPad, Tensor noise, Tensor timesteps) {
    policyHead.checkActions("actions", actions);
    long b = actions.size(0);
    policyHead.checkActions("noise", noise);
    if (b == 0 || noise.size(0) % b != 0 || noise.size(0) == 0) {
      throw new IllegalArgumentException("noise has " + noise.size(0) + " rows; expected K draws for each of the " + b + " samples (K·B rows)");
    }
    long draws = noise.size(0) / b;
    Shapes.check("noise", noise, "B·K, A, Da", b * draws, actions.size(1), actions.size(2));
    Shapes.check("timesteps", timesteps, "B·K", b * draws);
    Shapes.check("is_pad", isPad, "B, A", b, actions.size(1));
    Shapes.check("prompt hidden states", in.prompt(), "B, Lp, D", b, Shapes.ANY, Shapes.ANY);
    // [B, n]
    Tensor cond = policyHead.encodeCondition(condition(in), in.state());
    Tensor readout = readoutLoss(cond, actions);
    Tensor sampleCond = cond;
    if (draws > 1) {
      Tensor rows = Tensors.onDeviceOf(repeatedRows(b, draws), cond); // [B·K]: 0…0, 1…1, …
      sampleCond = cond.index_select(0, rows); // [B·K, n]
      actions = actions.index_select(0, rows); // [B·K, A, Da]
      isPad = isPad.index_select(0, rows); // [B·K, A]
    }
    // [B·K, A, Da]
    Tensor noisy = scheduler.addNoise(actions, noise, timesteps);
    Tensor epsHat = policyHead.predictNoise(noisy, timesteps, sampleCond);
    return new Losses(maskedMse(epsHat, noise, isPad), readout);
  }

  /**
   * Not in the paper: MSE between the encoded condition's first Da channels and the sample's first clean action,
   * cond[:, :Da] vs actions[:, 0]. The ε-loss gives the condition path little gradient (docs/control-diagnosis.md:
   * a fresh head on a demo checkpoint's frozen states reaches a held-out first-action cosine of −0.009 after
   * 2,000 steps), while this term asks the path directly to carry the action, with no parameters of its own; recipes
   * weight it with {@code loss_weights.readout} (0, the paper, by default).
   *
   * @param cond the encoded condition [B, n] ({@link ScaleDp#encodeCondition})
   * @param actions normalised clean actions [B, A, Da]; step 0 is never padding
   */
  public Tensor readoutLoss(Tensor cond, Tensor actions) {
    long da = policyHead.config().actionDim();
    Shapes.check("condition", cond, "B, n", actions.size(0), policyHead.config().nEmb());
    // [B, Da]
    Tensor first = actions.select(1, 0);
    return cond.narrow(1, 0, da).sub(first).square().mean();
  }

  /** Row b repeated K times in order: [0 × K, 1 × K, …, (B−1) × K]. */
  private static Tensor repeatedRows(long b, long k) {
    long[] rows = new long[Math.toIntExact(b * k)];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i / k;
    }
    return Tensors.fromLongs(rows, rows.length);
  }

  /**
   * Σ (pred − target)² over non-padded steps / (#non-padded steps · Da): pred and target [B, A, Da], isPad [B, A] →
   * scalar. Padded steps contribute neither to the sum nor to the count.
   */
  public static Tensor maskedMse(Tensor pred, Tensor target, Tensor isPad) {
    Shapes.check("target", target, "B, A, Da", Shapes.of(pred));
    Shapes.check("is_pad", isPad, "B, A", pred.size(0), pred.size(1));
    // [B, A, 1]
    Tensor valid = isPad.to(DType.BOOL.scalarType()).logical_not().to(pred.scalar_type()).unsqueeze(2);
    Tensor squared = pred.sub(target).square().mul(valid);
    Tensor count = valid.sum().mul(Tensors.scalar(pred.size(2))).clamp_min(Tensors.scalar(1));
    return squared.sum().div(count);
  }

  /**
   * Samples an action chunk from noise with the configured DDIM steps (10 for ChatVLA). The condition (projectors,
   * FiLM, norm_after_pool, cond_obs_emb) is computed once; each step reruns only the ScaleDP trunk. No gradients.
   *
   * @param noise x_T [B, A, Da] ~ N(0, I), drawn by the caller
   * @return the denoised chunk x_0 [B, A, Da] (normalised action space)
   */
  public Tensor sampleActions(ActionHeadInputs in, Tensor noise) {
    policyHead.checkActions("noise", noise);
    long b = noise.size(0);
    Shapes.check("prompt hidden states", in.prompt(), "B, Lp, D", b, Shapes.ANY, Shapes.ANY);
    try (NoGradGuard noGrad = new NoGradGuard()) {
      // [B, n]
      Tensor cond = policyHead.encodeCondition(condition(in), in.state());
      Tensor x = noise;
      for (long t : scheduler.inferenceTimesteps()) {
        try (Scope step = Scope.open()) {
          // [B]
          Tensor ts = Tensors.onDeviceOf(Tensors.fromLongs(filled(b, t), b), noise);
          // [B, A, Da]
          Tensor epsHat = policyHead.predictNoise(x, ts, cond);
          x = step.keep(scheduler.step(epsHat, ts, x).prevSample());
        }
      }
      return x;
    }
  }

  private static long[] filled(long n, long value) {
    long[] a = new long[Math.toIntExact(n)];
    java.util.Arrays.fill(a, value);
    return a;
  }
}
