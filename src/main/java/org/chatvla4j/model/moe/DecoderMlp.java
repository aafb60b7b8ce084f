package org.chatvla4j.model.moe;

import org.bytedeco.pytorch.Tensor;

/**
 * The feed-forward block of a decoder layer: a dense {@link Qwen2Mlp} ({@code mlp}) or ChatVLA's {@link StaticMoe}
 * ({@code static_expert}). The decoder layer builds one of them from {@code MoeConfig} and calls it the same way.
 */
public interface DecoderMlp {
  /**
   * @param hidden {@code [B, T, D]} post-attention-norm hidden states
   * @param routing the expert of each batch row (a dense MLP ignores it)
   * @return {@code [B, T, D]}
   */
  Tensor forward(Tensor hidden, ExpertRouting routing);
}
