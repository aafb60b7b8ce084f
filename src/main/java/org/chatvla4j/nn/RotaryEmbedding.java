package org.chatvla4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;

/**
 * Rotary position embedding in the "rotate half" layout of transformers (GPT-NeoX style): the head dimension is split
 * into two halves (x1, x2) and rotated as {@code (x1·cos − x2·sin, x2·cos + x1·sin)} with frequencies
 * {@code θ^(−2i/d)}. The vision tower's 2-D rotary and the decoder's M-RoPE build their angle tables from
 * {@link #inverseFrequencies} and share {@link #apply}.
 */
public final class RotaryEmbedding {
  private RotaryEmbedding() {}

  /** {@code 1 / θ^(2i/dim)} for i in [0, dim/2), float32 [dim/2]. */
  public static Tensor inverseFrequencies(long dim, double theta) {
    if (dim <= 0 || dim % 2 != 0 || !(theta > 0)) {
      throw new IllegalArgumentException("rotary needs an even dim > 0 and theta > 0, got dim=" + dim + " theta=" + theta);
    }
    float[] inv = new float[(int) (dim / 2)];
    for (int i = 0; i < inv.length; i++) {
      inv[i] = (float) (1.0 / Math.pow(theta, (2.0 * i) / dim));
    }
    return Tensors.fromFloats(inv, inv.length);
  }

  /**
   * cos and sin tables for integer positions: positions [..., T] (int64) → two tensors [..., T, dim] in float32, the
   * angle {@code pos · invFreq} repeated for both halves.
   */
  public static Tensor[] cosSin(Tensor positions, Tensor invFreq) {
    Tensor freqs = positions.to(DType.F32.scalarType()).unsqueeze(-1).mul(invFreq); // [..., T, dim/2]
    Tensor emb = torch.cat(new org.bytedeco.pytorch.TensorVector(freqs, freqs), -1); // [..., T, dim]
    return new Tensor[] {emb.cos(), emb.sin()};
  }

  /** x [B, H, T, Hd] rotated by cos/sin [B or 1, T, Hd] (broadcast over heads); computed in float32, returned in x's dtype. */
  public static Tensor apply(Tensor x, Tensor cos, Tensor sin) {
    long hd = x.size(-1);
    Shapes.check("cos", cos, "B, T, Hd", Shapes.ANY, x.size(-2), hd);
    Tensor xf = x.to(DType.F32.scalarType());
    Tensor c = cos.unsqueeze(1); // [B, 1, T, Hd]
    Tensor s = sin.unsqueeze(1);
    Tensor x1 = xf.narrow(-1, 0, hd / 2);
    Tensor x2 = xf.narrow(-1, hd / 2, hd / 2);
    Tensor rotated = torch.cat(new org.bytedeco.pytorch.TensorVector(x2.neg(), x1), -1); // rotate_half
    return xf.mul(c).add(rotated.mul(s)).to(x.scalar_type());
  }
}
