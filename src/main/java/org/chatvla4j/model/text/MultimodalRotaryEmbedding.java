package org.chatvla4j.model.text;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.config.TextConfig;
import org.chatvla4j.nn.RotaryEmbedding;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Shapes;

/**
 * Port of {@code Qwen2VLRotaryEmbedding} + the table half of {@code apply_multimodal_rotary_pos_emb} (transformers
 * {@code modeling_qwen2_vl.py}): M-RoPE. Each of the Hd/2 rotary frequencies reads its angle from one position axis:
 * the first {@code mrope_section[0]} frequencies from t, the next {@code [1]} from h, the last {@code [2]} from w
 * (Qwen2-VL-2B: 16/24/24 of 64). The reference splits the doubled table by {@code mrope_section * 2}; because both
 * halves of the rotate-half layout carry the same frequencies, selecting on the half and doubling afterwards is the
 * same table. With t = h = w it is the plain 1-D rotary.
 *
 * <p>Shapes: position ids {@code [3, B, T]} (int64) → cos, sin {@code [B, T, Hd]} in float32.
 */
public final class MultimodalRotaryEmbedding {
  private final Tensor invFreq;
  private final int[] sections;
  private final long headDim;

  public MultimodalRotaryEmbedding(TextConfig config) {
    this.headDim = config.headDim();
    this.sections = config.mropeSection();
    this.invFreq = Scope.keepForever(RotaryEmbedding.inverseFrequencies(headDim, config.ropeTheta())); // [Hd/2]
  }

  /** The 1-D inverse frequencies {@code θ^(−2i/Hd)}, float32 {@code [Hd/2]}. */
  public Tensor inverseFrequencies() {
    return invFreq;
  }

  /** cos and sin tables {@code [B, T, Hd]} (float32) for position ids {@code [3, B, T]}. */
  public Tensor[] cosSin(Tensor positionIds) {
    Shapes.check("position_ids", positionIds, "3, B, T", 3, Shapes.ANY, Shapes.ANY);
    Tensor freqs = positionIds.to(DType.F32.scalarType()).unsqueeze(-1).mul(invFreq); // [3, B, T, Hd/2]
    TensorVector parts = new TensorVector();
    long offset = 0;
    for (int axis = 0; axis < 3; axis++) {
      parts.push_back(freqs.select(0, axis).narrow(-1, offset, sections[axis])); // [B, T, section]
      offset += sections[axis];
    }
    Tensor half = torch.cat(parts, -1); // [B, T, Hd/2]
    Tensor emb = torch.cat(new TensorVector(half, half), -1); // [B, T, Hd]
    return new Tensor[] {emb.cos(), emb.sin()};
  }

  public long headDim() {
    return headDim;
  }
}
