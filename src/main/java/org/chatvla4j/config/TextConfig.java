package org.chatvla4j.config;

import java.util.Arrays;

/**
 * The Qwen2 decoder of Qwen2-VL (HF {@code Qwen2VLConfig} top-level keys).
 *
 * @param hiddenSize {@code hidden_size}, D
 * @param intermediateSize {@code intermediate_size}, F (each expert's MLP width)
 * @param numHiddenLayers {@code num_hidden_layers}
 * @param numAttentionHeads {@code num_attention_heads}, N
 * @param numKeyValueHeads {@code num_key_value_heads}, K (GQA)
 * @param rmsNormEps {@code rms_norm_eps}
 * @param ropeTheta {@code rope_theta}
 * @param mropeSection {@code rope_scaling.mrope_section}: (t, h, w) sizes over half the head dim
 * @param vocabSize {@code vocab_size}, V
 * @param maxPositionEmbeddings {@code max_position_embeddings}, the context limit
 * @param tieWordEmbeddings {@code tie_word_embeddings}: lm_head shares embed_tokens' weight
 */
public record TextConfig(
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    double rmsNormEps,
    double ropeTheta,
    int[] mropeSection,
    int vocabSize,
    int maxPositionEmbeddings,
    boolean tieWordEmbeddings) {

  public TextConfig {
    Require.positive("hidden_size", hiddenSize);
    Require.positive("intermediate_size", intermediateSize);
    Require.positive("num_hidden_layers", numHiddenLayers);
    Require.positive("num_attention_heads", numAttentionHeads);
    Require.positive("num_key_value_heads", numKeyValueHeads);
    Require.positive("rms_norm_eps", rmsNormEps);
    Require.positive("rope_theta", ropeTheta);
    Require.positive("vocab_size", vocabSize);
    Require.positive("max_position_embeddings", maxPositionEmbeddings);
    Require.divides("num_attention_heads", numAttentionHeads, "hidden_size", hiddenSize);
    Require.divides("num_key_value_heads", numKeyValueHeads, "num_attention_heads", numAttentionHeads);
    mropeSection = mropeSection.clone();
    if (mropeSection.length != 3 || Arrays.stream(mropeSection).anyMatch(s -> s <= 0)) {
      throw new IllegalArgumentException("rope_scaling.mrope_section must be 3 positive sizes (t, h, w), got " + Arrays.toString(mropeSection));
    }
    int headDim = hiddenSize / numAttentionHeads;
    if (headDim % 2 != 0 || Arrays.stream(mropeSection).sum() != headDim / 2) {
      throw new IllegalArgumentException(
          "rope_scaling.mrope_section " + Arrays.toString(mropeSection) + " must sum to head_dim/2 = " + headDim / 2
              + " (head_dim = hidden_size/num_attention_heads = " + headDim + ")");
    }
  }

  /** Hd = D / N. */
  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  /** G = N / K: query heads per key/value head. */
  public int kvGroups() {
    return numAttentionHeads / numKeyValueHeads;
  }

  @Override
  public int[] mropeSection() {
    return mropeSection.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TextConfig t && hiddenSize == t.hiddenSize && intermediateSize == t.intermediateSize
        && numHiddenLayers == t.numHiddenLayers && numAttentionHeads == t.numAttentionHeads
        && numKeyValueHeads == t.numKeyValueHeads && rmsNormEps == t.rmsNormEps && ropeTheta == t.ropeTheta
        && Arrays.equals(mropeSection, t.mropeSection) && vocabSize == t.vocabSize
        && maxPositionEmbeddings == t.maxPositionEmbeddings && tieWordEmbeddings == t.tieWordEmbeddings;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads,
        rmsNormEps, ropeTheta, Arrays.hashCode(mropeSection), vocabSize, maxPositionEmbeddings, tieWordEmbeddings);
  }

  @Override
  public String toString() {
    return "TextConfig[D=" + hiddenSize + ", F=" + intermediateSize + ", layers=" + numHiddenLayers + ", N=" + numAttentionHeads
        + ", K=" + numKeyValueHeads + ", mrope=" + Arrays.toString(mropeSection) + ", V=" + vocabSize + "]";
  }
}
