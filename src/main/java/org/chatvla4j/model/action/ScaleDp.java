package org.chatvla4j.model.action;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.LayerNorm;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;
import org.chatvla4j.tensor.Shapes;

/**
 * Port of {@code ScaleDP} (ChatVLA/DexVLA {@code modeling_scaledp.py}, {@code model_forward}): a DiT over the A noisy
 * action tokens that predicts their noise ε̂, conditioned through adaLN on c = t_embedder(t) + cond_obs_emb([LN(mean
 * of the condition tokens), state]).
 *
 * <p>Abbreviations: B batch, A actions per chunk ({@code prediction_horizon}), Da action width, Ds state width, Lc
 * condition tokens, Dc condition width, n token width ({@code n_emb}).
 *
 * <p>Init (DiT's {@code initialize_weights}, which the reference ships commented out — see chatvla-paper.md §3.2):
 * every Linear xavier-uniform with zero bias; {@code t_embedder} weights and {@code cond_obs_emb.weight} N(0, 0.02²);
 * {@code pos_embed} zero (as the reference's parameter, not DiT's N(0, 0.02²)); adaLN modulations and
 * {@code final_layer.linear} zero. Hence ε̂ = 0 and every block is the identity at init.
 */
public final class ScaleDp extends Module {
  private static final double COND_NORM_EPS = 1e-5;

  private final ScaleDpConfig config;
  private final Linear xEmbedder;
  private final TimestepEmbedder tEmbedder;
  private final Linear condObsEmb;
  private final Tensor posEmbed;
  private final List<ScaleDpBlock> blocks = new ArrayList<>();
  private final FinalLayer finalLayer;
  private final LayerNorm normAfterPool;

  public ScaleDp(Init init, ScaleDpConfig config) {
    this.config = config;
    long n = config.nEmb();
    this.xEmbedder = register("x_embedder", Linear.withBias(init, config.actionDim(), n));
    this.tEmbedder = register("t_embedder", new TimestepEmbedder(init, n));
    this.condObsEmb = register("cond_obs_emb", Linear.withBias(init, config.condDim() + config.stateDim(), n));
    this.posEmbed = parameter("pos_embed", init.zeros(1, config.predictionHorizon(), n));
    for (int i = 0; i < config.depth(); i++) {
      blocks.add(register("blocks." + i, new ScaleDpBlock(init, n, config.numHeads(), config.mlpRatio())));
    }
    this.finalLayer = register("final_layer", new FinalLayer(init, n, config.actionDim()));
    this.normAfterPool = register("norm_after_pool", LayerNorm.affine(init, config.condDim(), COND_NORM_EPS));
    Weights.xavierUniform(init, xEmbedder);
    Weights.normal(init, tEmbedder.firstLinear(), 0.02);
    Weights.normal(init, tEmbedder.secondLinear(), 0.02);
    Weights.normal(init, condObsEmb, 0.02);
  }

  public ScaleDpConfig config() {
    return config;
  }

  /**
   * The per-sample condition embedding, computed once per query and reused by every denoising step: condition tokens
   * [B, Lc, Dc] and state [B, Ds] → [B, n].
   */
  public Tensor encodeCondition(Tensor condition, Tensor state) {
    Shapes.check("condition", condition, "B, Lc, Dc", Shapes.ANY, Shapes.ANY, Shapes.ANY);
    long b = condition.size(0);
    if (condition.size(2) != config.condDim()) {
      throw new IllegalArgumentException("condition width is " + condition.size(2)
          + " but policy_head_config.cond_dim is " + config.condDim());
    }
    checkState(state, b);
    // [B, Dc]: global_1d_pool over the token axis, then norm_after_pool
    Tensor pooled = normAfterPool.forward(condition.mean(1));
    // [B, Dc + Ds]
    Tensor withState = torch.cat(new TensorVector(pooled, state.to(pooled.scalar_type())), 1);
    // [B, n]
    return condObsEmb.forward(withState);
  }

  /** One denoiser evaluation: noisy actions [B, A, Da], timesteps [B], condition embedding [B, n] → ε̂ [B, A, Da]. */
  public Tensor predictNoise(Tensor noisyActions, Tensor timesteps, Tensor conditionEmbedding) {
    checkActions("noisy actions", noisyActions);
    long b = noisyActions.size(0);
    Shapes.check("timesteps", timesteps, "B", b);
    Shapes.check("condition embedding", conditionEmbedding, "B, n", b, config.nEmb());
    // [B, A, n]
    Tensor x = xEmbedder.forward(noisyActions).add(posEmbed);
    // [B, n]
    Tensor c = tEmbedder.forward(timesteps).add(conditionEmbedding);
    for (ScaleDpBlock block : blocks) {
      // [B, A, n]
      x = block.forward(x, c);
    }
    // [B, A, Da]
    return finalLayer.forward(x, c);
  }

  /** {@link #encodeCondition} then {@link #predictNoise}: the reference's {@code model_forward}. */
  public Tensor forward(Tensor noisyActions, Tensor timesteps, Tensor condition, Tensor state) {
    return predictNoise(noisyActions, timesteps, encodeCondition(condition, state));
  }

  /** Fails unless x is [B, A, Da] with this head's A and Da, naming both values. */
  void checkActions(String name, Tensor x) {
    long[] s = Shapes.of(x);
    if (s.length != 3) {
      throw new IllegalArgumentException(name + ": expected [B, A, Da], got " + java.util.Arrays.toString(s));
    }
    if (s[2] != config.actionDim()) {
      throw new IllegalArgumentException(name + " have " + s[2] + " dims per step but policy_head_config.action_dim is "
          + config.actionDim());
    }
    if (s[1] != config.predictionHorizon()) {
      throw new IllegalArgumentException(name + " have " + s[1]
          + " steps per chunk but policy_head_config.prediction_horizon is " + config.predictionHorizon());
    }
  }

  /** Fails unless state is [B, Ds] with this head's Ds, naming both values. */
  void checkState(Tensor state, long batch) {
    long[] s = Shapes.of(state);
    if (s.length != 2) {
      throw new IllegalArgumentException("state: expected [B, Ds], got " + java.util.Arrays.toString(s));
    }
    if (s[1] != config.stateDim()) {
      throw new IllegalArgumentException("state has " + s[1] + " dims but policy_head_config.state_dim is " + config.stateDim());
    }
    Shapes.check("state", state, "B, Ds", batch, config.stateDim());
  }
}
