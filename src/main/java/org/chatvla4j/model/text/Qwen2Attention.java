package org.chatvla4j.model.text;

import java.util.Optional;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.TextConfig;
import org.chatvla4j.nn.Attention;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;
import org.chatvla4j.nn.RotaryEmbedding;

/**
 * Port of {@code Qwen2VLAttention} (transformers {@code modeling_qwen2_vl.py}): {@code q_proj}, {@code k_proj},
 * {@code v_proj} with bias, {@code o_proj} without; M-RoPE on queries and keys (rotary in float32); grouped-query
 * attention ({@code N} query heads over {@code K} key/value heads) through libtorch's fused SDPA.
 *
 * <p>Shapes: hidden {@code [B, T, D]}, cos/sin {@code [B, T, Hd]}, mask {@code [B, 1, T, S]} (true = attend) →
 * {@code [B, T, D]}; with a cache, S = cached + T.
 */
public final class Qwen2Attention extends Module {
  private final Linear qProj;
  private final Linear kProj;
  private final Linear vProj;
  private final Linear oProj;
  private final int layerIndex;
  private final long numHeads;
  private final long numKvHeads;
  private final long headDim;

  public Qwen2Attention(Init init, TextConfig config, int layerIndex) {
    long d = config.hiddenSize();
    this.layerIndex = layerIndex;
    this.numHeads = config.numAttentionHeads();
    this.numKvHeads = config.numKeyValueHeads();
    this.headDim = config.headDim();
    this.qProj = register("q_proj", Linear.withBias(init, d, numHeads * headDim));
    this.kProj = register("k_proj", Linear.withBias(init, d, numKvHeads * headDim));
    this.vProj = register("v_proj", Linear.withBias(init, d, numKvHeads * headDim));
    this.oProj = register("o_proj", Linear.withoutBias(init, numHeads * headDim, d));
  }

  /**
   * @param hidden {@code [B, T, D]} normed hidden states
   * @param cos M-RoPE cos table {@code [B, T, Hd]}
   * @param sin M-RoPE sin table {@code [B, T, Hd]}
   * @param mask boolean {@code [B, 1, T, S]}, or empty for plain causal attention without a cache prefix
   * @param cache this layer's keys/values are appended to it when present
   */
  Tensor forward(Tensor hidden, Tensor cos, Tensor sin, Optional<Tensor> mask, Optional<KvCache> cache) {
    long b = hidden.size(0);
    long t = hidden.size(1);
    Tensor q = qProj.forward(hidden).view(b, t, numHeads, headDim).transpose(1, 2); // [B, T, D] -> [B, N, T, Hd]
    Tensor k = kProj.forward(hidden).view(b, t, numKvHeads, headDim).transpose(1, 2); // [B, K, T, Hd]
    Tensor v = vProj.forward(hidden).view(b, t, numKvHeads, headDim).transpose(1, 2); // [B, K, T, Hd]
    q = RotaryEmbedding.apply(q, cos, sin); // [B, N, T, Hd]
    k = RotaryEmbedding.apply(k, cos, sin); // [B, K, T, Hd]
    if (cache.isPresent()) {
      Tensor[] kv = cache.get().append(layerIndex, k, v);
      k = kv[0]; // [B, K, S, Hd]
      v = kv[1];
    }
    Tensor attended = mask.isPresent() ? Attention.masked(q, k, v, mask.get()) : Attention.causal(q, k, v); // [B, N, T, Hd]
    Tensor merged = attended.transpose(1, 2).reshape(b, t, numHeads * headDim); // [B, N, T, Hd] -> [B, T, D]
    return oProj.forward(merged); // [B, T, D]
  }
}
