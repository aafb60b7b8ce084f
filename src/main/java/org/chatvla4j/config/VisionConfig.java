package org.chatvla4j.config;

/**
 * The Qwen2-VL vision tower (HF {@code vision_config}).
 *
 * @param depth {@code depth}: number of ViT blocks
 * @param embedDim {@code embed_dim}, Dv
 * @param numHeads {@code num_heads}
 * @param mlpRatio {@code mlp_ratio}: MLP width = Dv · ratio
 * @param inChannels {@code in_chans}
 * @param outHiddenSize {@code hidden_size}: the merger's output width (= the decoder's D)
 * @param patchSize {@code patch_size} (= {@code spatial_patch_size}), 14
 * @param spatialMergeSize {@code spatial_merge_size}: the merger groups m×m patches, 2
 * @param temporalPatchSize {@code temporal_patch_size}: frames per patch, 2 (a still image is duplicated)
 */
public record VisionConfig(
    int depth,
    int embedDim,
    int numHeads,
    double mlpRatio,
    int inChannels,
    int outHiddenSize,
    int patchSize,
    int spatialMergeSize,
    int temporalPatchSize) {

  public VisionConfig {
    Require.positive("vision_config.depth", depth);
    Require.positive("vision_config.embed_dim", embedDim);
    Require.positive("vision_config.num_heads", numHeads);
    Require.positive("vision_config.mlp_ratio", mlpRatio);
    Require.positive("vision_config.in_chans", inChannels);
    Require.positive("vision_config.hidden_size", outHiddenSize);
    Require.positive("vision_config.patch_size", patchSize);
    Require.positive("vision_config.spatial_merge_size", spatialMergeSize);
    Require.positive("vision_config.temporal_patch_size", temporalPatchSize);
    Require.divides("vision_config.num_heads", numHeads, "vision_config.embed_dim", embedDim);
    if ((embedDim / numHeads) % 4 != 0) {
      throw new IllegalArgumentException(
          "vision head dim embed_dim/num_heads = " + embedDim / numHeads + " must be a multiple of 4 (2-D rotary over h and w halves)");
    }
  }

  public int headDim() {
    return embedDim / numHeads;
  }

  public int mlpHiddenDim() {
    return (int) (embedDim * mlpRatio);
  }

  /** Elements of one flattened patch: C · tp · p · p. */
  public int patchElements() {
    return inChannels * temporalPatchSize * patchSize * patchSize;
  }

  /** Pixels per side of one LLM token: patch · merge (28 for Qwen2-VL). */
  public int pixelsPerToken() {
    return patchSize * spatialMergeSize;
  }
}
