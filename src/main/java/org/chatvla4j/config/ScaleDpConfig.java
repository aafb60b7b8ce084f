package org.chatvla4j.config;

/**
 * The ScaleDP diffusion action head (DexVLA/ChatVLA {@code policy_head_config}, chatvla-paper.md §3.1–3.2).
 *
 * @param depth {@code depth}: DiT blocks
 * @param nEmb {@code n_emb}: token width
 * @param numHeads {@code num_heads}
 * @param mlpRatio {@code mlp_ratio}
 * @param predictionHorizon {@code prediction_horizon}: actions per chunk, A
 * @param actionDim {@code action_dim}, Da
 * @param stateDim {@code state_dim}, Ds
 * @param condDim {@code cond_dim}: width of the VLM condition (= the decoder's D)
 */
public record ScaleDpConfig(
    int depth, int nEmb, int numHeads, double mlpRatio, int predictionHorizon, int actionDim, int stateDim, int condDim) {

  public ScaleDpConfig {
    Require.positive("policy_head_config.depth", depth);
    Require.positive("policy_head_config.n_emb", nEmb);
    Require.positive("policy_head_config.num_heads", numHeads);
    Require.positive("policy_head_config.mlp_ratio", mlpRatio);
    Require.positive("policy_head_config.prediction_horizon", predictionHorizon);
    Require.positive("policy_head_config.action_dim", actionDim);
    if (stateDim < 0) {
      throw new IllegalArgumentException("policy_head_config.state_dim must be >= 0, got " + stateDim);
    }
    Require.positive("policy_head_config.cond_dim", condDim);
    Require.divides("policy_head_config.num_heads", numHeads, "policy_head_config.n_emb", nEmb);
  }

  /** ScaleDP-L: 24 blocks, width 1024, 16 heads (ChatVLA's released head), for the 2B decoder. */
  public static ScaleDpConfig scaleDpL(int actionDim, int stateDim, int condDim) {
    return new ScaleDpConfig(24, 1024, 16, 4, 16, actionDim, stateDim, condDim);
  }

  /** ScaleDP-H: 32 blocks, width 1280, 16 heads (DexVLA's "1B expert"). */
  public static ScaleDpConfig scaleDpH(int actionDim, int stateDim, int condDim) {
    return new ScaleDpConfig(32, 1280, 16, 4, 16, actionDim, stateDim, condDim);
  }

  public ScaleDpConfig withDims(int newActionDim, int newStateDim) {
    return new ScaleDpConfig(depth, nEmb, numHeads, mlpRatio, predictionHorizon, newActionDim, newStateDim, condDim);
  }
}
