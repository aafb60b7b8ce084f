package org.chatvla4j.model.text;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.nn.Embedding;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Module;

/**
 * {@code lm_head} of {@code Qwen2VLForConditionalGeneration}: hidden {@code [B, T, D]} → logits {@code [B, T, V]}, no
 * bias. With {@code tie_word_embeddings} it reuses {@code model.embed_tokens.weight} and owns no parameter (the owner
 * reports the tie through {@link Module#tiedParameters()}); otherwise it owns {@code weight} {@code [V, D]}.
 */
public final class LmHead extends Module {
  private final Tensor weight;

  private LmHead(Tensor weight) {
    this.weight = weight;
  }

  /** Shares the embedding table (Qwen2-VL-2B, the tiny preset). */
  public static LmHead tiedTo(Embedding embedTokens) {
    return new LmHead(embedTokens.weight());
  }

  /** Owns its own {@code weight} {@code [V, D]}. */
  public static LmHead untied(Init init, long hiddenSize, long vocabSize) {
    return new LmHead(init, hiddenSize, vocabSize);
  }

  private LmHead(Init init, long hiddenSize, long vocabSize) {
    this.weight = parameter("weight", init.normal(0.02, vocabSize, hiddenSize));
  }

  /** {@code [..., D] -> [..., V]}. */
  public Tensor logits(Tensor hidden) {
    return torch.linear(hidden, weight);
  }
}
