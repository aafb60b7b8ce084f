package org.chatvla4j.model.text;

import java.util.Optional;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.MoeConfig;
import org.chatvla4j.config.TextConfig;
import org.chatvla4j.model.moe.DecoderMlp;
import org.chatvla4j.model.moe.ExpertRouting;
import org.chatvla4j.model.moe.Qwen2Mlp;
import org.chatvla4j.model.moe.StaticMoe;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Module;
import org.chatvla4j.nn.RmsNorm;

/**
 * Port of {@code Qwen2VLDecoderLayer} (transformers {@code modeling_qwen2_vl.py}) with ChatVLA's MoE variant
 * ({@code modeling_qwen2_vla.py}): pre-norm {@code x += self_attn(input_layernorm(x)); x += ffn(post_attention_layernorm(x))}
 * where the FFN is {@code mlp} for a dense config and {@code static_expert} for an MoE config. Shapes
 * {@code [B, T, D] -> [B, T, D]}.
 */
public final class Qwen2DecoderLayer extends Module {
  private final RmsNorm inputLayernorm;
  private final Qwen2Attention selfAttn;
  private final RmsNorm postAttentionLayernorm;
  private final DecoderMlp ffn;

  public Qwen2DecoderLayer(Init init, TextConfig config, MoeConfig moe, int layerIndex) {
    long d = config.hiddenSize();
    this.inputLayernorm = register("input_layernorm", new RmsNorm(init, d, config.rmsNormEps()));
    this.selfAttn = register("self_attn", new Qwen2Attention(init, config, layerIndex));
    this.postAttentionLayernorm = register("post_attention_layernorm", new RmsNorm(init, d, config.rmsNormEps()));
    this.ffn = moe.usingMoe()
        ? register("static_expert", new StaticMoe(init, d, config.intermediateSize(), moe))
        : register("mlp", new Qwen2Mlp(init, d, config.intermediateSize()));
  }

  Tensor forward(Tensor hidden, Tensor cos, Tensor sin, Optional<Tensor> mask, ExpertRouting routing, Optional<KvCache> cache) {
    Tensor attn = selfAttn.forward(inputLayernorm.forward(hidden), cos, sin, mask, cache); // [B, T, D]
    Tensor afterAttn = hidden.add(attn); // [B, T, D]
    return afterAttn.add(ffn.forward(postAttentionLayernorm.forward(afterAttn), routing)); // [B, T, D]
  }
}
