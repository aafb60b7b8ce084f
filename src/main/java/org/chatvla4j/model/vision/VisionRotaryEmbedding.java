package org.chatvla4j.model.vision;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.nn.RotaryEmbedding;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Tensors;

/**
 * Port of {@code VisionRotaryEmbedding} plus {@code rot_pos_emb} (transformers {@code modeling_qwen2_vl.py}): 2-D
 * rotary over the (row, column) patch index. Of a head's {@code Hd/2} rotation angles the first {@code Hd/4} are
 * {@code row · θ^(−4i/Hd)} and the next {@code Hd/4} are {@code column · θ^(−4i/Hd)}; the table is then repeated for the
 * two rotate-half halves. Angles and cos/sin are float32, as transformers keeps vision rotary out of autocast.
 *
 * <p>No parameters: HF's {@code inv_freq} is a non-persistent buffer, so nothing appears in checkpoints.
 */
public final class VisionRotaryEmbedding {
  /** transformers' default {@code theta} for the vision rotary. */
  public static final double THETA = 10_000.0;

  private final long headDim;
  private final Tensor invFreq; // [Hd/4]

  public VisionRotaryEmbedding(long headDim) {
    if (headDim <= 0 || headDim % 4 != 0) {
      throw new IllegalArgumentException("vision head dim must be a positive multiple of 4, got " + headDim);
    }
    this.headDim = headDim;
    this.invFreq = org.chatvla4j.tensor.Scope.keepForever(RotaryEmbedding.inverseFrequencies(headDim / 2, THETA));
  }

  /** The rotation angles of every patch: {@code [P, Hd/2]} float32 = [row angles | column angles]. */
  public Tensor angles(VisionGrid grid) {
    long p = grid.patches();
    Tensor pos = Tensors.onDeviceOf(Tensors.fromLongs(grid.patchPositions(), p, 2), invFreq).to(DType.F32.scalarType()); // [P, 2]
    Tensor freqs = pos.unsqueeze(-1).mul(invFreq); // [P, 2, 1] * [Hd/4] -> [P, 2, Hd/4]
    return freqs.reshape(p, headDim / 2); // [P, 2, Hd/4] -> [P, Hd/2]
  }

  /** cos and sin {@code [P, Hd]}: the angles repeated for both rotate-half halves. */
  public Tensor[] cosSin(VisionGrid grid) {
    Tensor a = angles(grid); // [P, Hd/2]
    Tensor emb = torch.cat(new TensorVector(a, a), -1); // [P, Hd]
    return new Tensor[] {emb.cos(), emb.sin()};
  }

  /** The inverse frequencies {@code θ^(−4i/Hd)}, float32 {@code [Hd/4]} (the owner registers them as a buffer). */
  public Tensor inverseFrequencies() {
    return invFreq;
  }

  public long headDim() {
    return headDim;
  }
}
