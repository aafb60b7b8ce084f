package org.chatvla4j.model.text;

import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.MoeConfig;
import org.chatvla4j.config.TextConfig;
import org.chatvla4j.model.moe.ExpertRouting;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Module;

/**
 * The language half of {@code Qwen2VLForConditionalGeneration} (transformers {@code modeling_qwen2_vl.py}), in the
 * legacy key layout ChatVLA checkpoints use: {@code model} ({@link Qwen2Model}) and {@code lm_head} ({@link LmHead}).
 * {@link #forward} returns hidden states (what the action head consumes); {@link #logits} maps them to the vocabulary.
 */
public final class Qwen2VlLanguageModel extends Module {
  private final TextConfig config;
  private final Qwen2Model model;
  private final LmHead lmHead;

  public Qwen2VlLanguageModel(Init init, TextConfig config, MoeConfig moe) {
    this.config = config;
    this.model = register("model", new Qwen2Model(init, config, moe));
    this.lmHead = register("lm_head",
        config.tieWordEmbeddings() ? LmHead.tiedTo(model.embedTokens()) : LmHead.untied(init, config.hiddenSize(), config.vocabSize()));
  }

  public Qwen2Model model() {
    return model;
  }

  /** See {@link Qwen2Model#forward(Tensor, Tensor, Tensor, ExpertRouting)}: {@code [B, T, D]} hidden after the final norm. */
  public Tensor forward(Tensor inputsEmbeds, Tensor positionIds, Tensor paddingMask, ExpertRouting routing) {
    return model.forward(inputsEmbeds, positionIds, paddingMask, routing);
  }

  /** See {@link Qwen2Model#forward(Tensor, Tensor, Tensor, ExpertRouting, KvCache)}. */
  public Tensor forward(Tensor inputsEmbeds, Tensor positionIds, Tensor paddingMask, ExpertRouting routing, KvCache cache) {
    return model.forward(inputsEmbeds, positionIds, paddingMask, routing, cache);
  }

  /** Hidden {@code [B, T, D]} → logits {@code [B, T, V]}. */
  public Tensor logits(Tensor hidden) {
    return lmHead.logits(hidden);
  }

  @Override
  public Map<String, String> tiedParameters() {
    return config.tieWordEmbeddings() ? Map.of("lm_head.weight", "model.embed_tokens.weight") : Map.of();
  }
}
