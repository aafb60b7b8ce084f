package org.chatvla4j.model.vision;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.VisionConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.LayerNorm;
import org.chatvla4j.nn.Module;

/**
 * Port of {@code Qwen2VLVisionBlock} (transformers {@code modeling_qwen2_vl.py}): pre-norm residual block
 * {@code x += attn(norm1(x)); x += mlp(norm2(x))}, LayerNorm eps 1e-6. {@code [P, Dv]} → {@code [P, Dv]}.
 * Children are registered in transformers' order (norm1, norm2, attn, mlp), so the state-dict order matches too.
 */
public final class VisionBlock extends Module {
  /** transformers builds the vision LayerNorms with {@code eps=1e-6}. */
  public static final double NORM_EPS = 1e-6;

  private final LayerNorm norm1;
  private final LayerNorm norm2;
  private final VisionAttention attn;
  private final VisionMlp mlp;

  public VisionBlock(Init init, VisionConfig cfg) {
    this.norm1 = register("norm1", LayerNorm.affine(init, cfg.embedDim(), NORM_EPS));
    this.norm2 = register("norm2", LayerNorm.affine(init, cfg.embedDim(), NORM_EPS));
    this.attn = register("attn", new VisionAttention(init, cfg));
    this.mlp = register("mlp", new VisionMlp(init, cfg));
  }

  /** See {@link VisionAttention#forward} for cos, sin and segments. */
  public Tensor forward(Tensor x, Tensor cos, Tensor sin, long[] segments) {
    Tensor h = x.add(attn.forward(norm1.forward(x), cos, sin, segments)); // [P, Dv]
    return h.add(mlp.forward(norm2.forward(h))); // [P, Dv]
  }
}
