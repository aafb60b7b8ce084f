package org.chatvla4j.model.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.config.MoeConfig;
import org.chatvla4j.config.TextConfig;
import org.chatvla4j.model.moe.ExpertRouting;
import org.chatvla4j.nn.Embedding;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Module;
import org.chatvla4j.nn.RmsNorm;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;

/**
 * Port of {@code Qwen2VLModel} / {@code Qwen2VLTextModel} (transformers {@code modeling_qwen2_vl.py}): the decoder
 * stack {@code embed_tokens}, {@code layers.{i}}, {@code norm} (registered by its parent as {@code model}, giving the
 * legacy checkpoint keys {@code model.layers.3.self_attn.q_proj.weight}).
 *
 * <p>It takes input embeddings (the caller embeds token ids with {@link #embedTokens} and merges image features with
 * {@link ImageFeatures#mergeImageFeatures}), M-RoPE position ids from {@link RopeIndex}, a padding mask and the expert
 * of each sample, and returns the last hidden states after the final norm. Shapes: {@code [B, T, D]}, position ids
 * {@code [3, B, T]}, padding mask {@code [B, S]} with S = cached + T → {@code [B, T, D]}.
 */
public final class Qwen2Model extends Module {
  private final TextConfig config;
  private final Embedding embedTokens;
  private final List<Qwen2DecoderLayer> layers = new ArrayList<>();
  private final RmsNorm norm;
  private final MultimodalRotaryEmbedding rotary;

  public Qwen2Model(Init init, TextConfig config, MoeConfig moe) {
    this.config = config;
    this.embedTokens = register("embed_tokens", new Embedding(init, config.vocabSize(), config.hiddenSize(), 0.02));
    LayerList list = register("layers", new LayerList());
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      layers.add(list.add(i, new Qwen2DecoderLayer(init, config, moe, i)));
    }
    this.norm = register("norm", new RmsNorm(init, config.hiddenSize(), config.rmsNormEps()));
    this.rotary = new MultimodalRotaryEmbedding(config);
    buffer("rotary_emb.inv_freq", rotary.inverseFrequencies()); // HF: a non-persistent buffer; moves with to(Device)
  }

  /** {@code layers.{i}}, as {@code nn.ModuleList}. */
  private static final class LayerList extends Module {
    Qwen2DecoderLayer add(int index, Qwen2DecoderLayer layer) {
      return register(Integer.toString(index), layer);
    }
  }

  public TextConfig config() {
    return config;
  }

  public Embedding embedTokens() {
    return embedTokens;
  }

  public MultimodalRotaryEmbedding rotary() {
    return rotary;
  }

  /** A cache sized for this decoder. */
  public KvCache newCache() {
    return new KvCache(layers.size());
  }

  /** Token ids {@code [B, T]} → embeddings {@code [B, T, D]}. */
  public Tensor embed(Tensor inputIds) {
    return embedTokens.forward(inputIds);
  }

  /** A full forward pass without a cache; see {@link #forward(Tensor, Tensor, Tensor, ExpertRouting, KvCache)}. */
  public Tensor forward(Tensor inputsEmbeds, Tensor positionIds, Tensor paddingMask, ExpertRouting routing) {
    return run(inputsEmbeds, positionIds, paddingMask, routing, Optional.empty());
  }

  /**
   * A forward pass that attends to the {@code cache}'s positions first and appends this call's keys and values to it.
   *
   * @param inputsEmbeds {@code [B, T, D]}
   * @param positionIds {@code [3, B, T]} (t, h, w) positions; for decoding, {@link RopeIndex#decodePositions}
   * @param paddingMask {@code [B, S]}, S = cache length + T; 1/true for real tokens, 0/false for padding
   * @param routing the expert of each sample (ignored by a dense model)
   * @return {@code [B, T, D]} hidden states after the final norm
   */
  public Tensor forward(Tensor inputsEmbeds, Tensor positionIds, Tensor paddingMask, ExpertRouting routing, KvCache cache) {
    if (cache.numLayers() != layers.size()) {
      throw new IllegalArgumentException("cache has " + cache.numLayers() + " layers, the decoder " + layers.size());
    }
    return run(inputsEmbeds, positionIds, paddingMask, routing, Optional.of(cache));
  }

  private Tensor run(Tensor inputsEmbeds, Tensor positionIds, Tensor paddingMask, ExpertRouting routing, Optional<KvCache> cache) {
    long b = inputsEmbeds.size(0);
    long t = inputsEmbeds.size(1);
    long past = cache.map(KvCache::length).orElse(0L);
    Shapes.check("inputs_embeds", inputsEmbeds, "B, T, D", b, t, config.hiddenSize());
    Shapes.check("position_ids", positionIds, "3, B, T", 3, b, t);
    Shapes.check("attention_mask", paddingMask, "B, S", b, past + t);
    if (routing.batchSize() != b) {
      throw new IllegalArgumentException("routing has " + routing.batchSize() + " samples but the batch has B=" + b);
    }
    Tensor[] cosSin = rotary.cosSin(positionIds); // 2 × [B, T, Hd], float32
    Tensor cos = cosSin[0].to(inputsEmbeds.scalar_type());
    Tensor sin = cosSin[1].to(inputsEmbeds.scalar_type());
    Optional<Tensor> mask = attentionMask(paddingMask, past, t); // [B, 1, T, S]
    Tensor hidden = inputsEmbeds; // [B, T, D]
    for (Qwen2DecoderLayer layer : layers) {
      hidden = layer.forward(hidden, cos, sin, mask, routing, cache); // [B, T, D]
    }
    return norm.forward(hidden); // [B, T, D]
  }

  /**
   * Causal ∧ padding as a boolean {@code [B, 1, T, S]} mask; empty when plain causal attention is exact (no cache prefix,
   * no padding), so the fused causal kernel runs. A query always sees itself: padded query rows would otherwise see no
   * key and turn into NaN (transformers unmasks such rows for SDPA for the same reason); their outputs are ignored.
   */
  static Optional<Tensor> attentionMask(Tensor paddingMask, long past, long t) {
    Tensor keep = paddingMask.to(DType.BOOL.scalarType()); // [B, S]
    if (past == 0 && keep.all().item_bool()) {
      return Optional.empty();
    }
    long s = past + t;
    Tensor queryPos = torch.arange(Tensors.scalar(past), Tensors.scalar(s), Tensors.options(DType.I64, paddingMask)).unsqueeze(1); // [T, 1]
    Tensor keyPos = torch.arange(Tensors.scalar(s), Tensors.options(DType.I64, paddingMask)).unsqueeze(0); // [1, S]
    Tensor causal = keyPos.le(queryPos); // [T, S]
    Tensor allowed = causal.unsqueeze(0).logical_and(keep.unsqueeze(1)); // [B, T, S]
    allowed = allowed.logical_or(keyPos.eq(queryPos).unsqueeze(0)); // [B, T, S]
    return Optional.of(allowed.unsqueeze(1)); // [B, 1, T, S]
  }
}
