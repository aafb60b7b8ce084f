package org.chatvla4j.model.action;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;

/**
 * Port of {@code ActionProjector} (ChatVLA/DexVLA {@code fusion_modules.py}): mean over a sample's tokens →
 * {@code mlps.0} Linear(in→in) → GELU (exact) → {@code mlps.2} Linear(in→out) (the reference's trailing dropout has
 * p = 0). The reference pools one unpadded sample at a time; here a batch is pooled under a token mask.
 */
public final class ActionProjector extends Module {
  private final Linear mlps0;
  private final Linear mlps2;

  public ActionProjector(Init init, long inDim, long outDim) {
    this.mlps0 = register("mlps.0", Linear.withBias(init, inDim, inDim));
    this.mlps2 = register("mlps.2", Linear.withBias(init, inDim, outDim));
  }

  /** Hidden states [B, L, D] and their token mask [B, L] (nonzero = belongs to the segment) → [B, out]. */
  public Tensor forward(Tensor hidden, Tensor mask) {
    // [B, D]
    Tensor pooled = maskedMean(hidden, mask);
    // [B, out]
    return mlps2.forward(torch.gelu(mlps0.forward(pooled)));
  }

  /**
   * Mean over the masked tokens of each sample: x [B, L, D], mask [B, L] → [B, D]. Every sample must have at least one
   * token; an empty segment has no mean, and the error names the sample.
   */
  public static Tensor maskedMean(Tensor x, Tensor mask) {
    Shapes.check("hidden states", x, "B, L, D", Shapes.ANY, Shapes.ANY, Shapes.ANY);
    Shapes.check("token mask", mask, "B, L", x.size(0), x.size(1));
    // [B, L, 1]
    Tensor m = mask.to(x.scalar_type()).unsqueeze(2);
    // [B, 1]
    Tensor counts = m.sum(1);
    float[] c = Tensors.toFloats(counts);
    for (int b = 0; b < c.length; b++) {
      if (!(c[b] > 0)) {
        throw new IllegalArgumentException("token mask of sample " + b + " selects no token; every segment needs >= 1");
      }
    }
    // [B, D]
    return x.mul(m).sum(1).div(counts);
  }
}
