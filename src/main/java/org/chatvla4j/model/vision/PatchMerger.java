package org.chatvla4j.model.vision;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.config.VisionConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.LayerNorm;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;
import org.chatvla4j.tensor.Shapes;

/**
 * Port of {@code PatchMerger} (transformers {@code modeling_qwen2_vl.py}): {@code ln_q} over each patch, then every m×m
 * merge window (m² consecutive rows, as the processor orders them) is concatenated and projected by
 * {@code mlp = Sequential(Linear, GELU, Linear)} (keys {@code mlp.0.*}, {@code mlp.2.*}; exact erf GELU) into the
 * decoder width. {@code [P, Dv]} → {@code [P/m², D]}.
 */
public final class PatchMerger extends Module {
  private final LayerNorm lnQ;
  private final MergerMlp mlp;
  private final long embedDim;
  private final long windowDim;

  public PatchMerger(Init init, VisionConfig cfg) {
    long m2 = (long) cfg.spatialMergeSize() * cfg.spatialMergeSize();
    this.embedDim = cfg.embedDim();
    this.windowDim = cfg.embedDim() * m2;
    this.lnQ = register("ln_q", LayerNorm.affine(init, cfg.embedDim(), VisionBlock.NORM_EPS));
    this.mlp = register("mlp", new MergerMlp(init, windowDim, cfg.outHiddenSize()));
  }

  public Tensor forward(Tensor x) {
    long p = x.size(0);
    long m2 = windowDim / embedDim;
    Shapes.check("merger input", x, "P, Dv", Shapes.ANY, embedDim);
    if (p % m2 != 0) {
      throw new IllegalArgumentException("patch count P=" + p + " is not a multiple of the merge window m²=" + m2);
    }
    Tensor h = lnQ.forward(x); // [P, Dv]
    h = h.reshape(p / m2, windowDim); // [P, Dv] -> [P/m², m²·Dv]
    return mlp.forward(h); // [P/m², m²·Dv] -> [P/m², D]
  }

  /** {@code torch.nn.Sequential(Linear, GELU, Linear)}: children named by position, "0" and "2" (GELU has no weights). */
  private static final class MergerMlp extends Module {
    private final Linear first;
    private final Linear second;

    MergerMlp(Init init, long windowDim, long outDim) {
      this.first = register("0", Linear.withBias(init, windowDim, windowDim));
      this.second = register("2", Linear.withBias(init, windowDim, outDim));
    }

    Tensor forward(Tensor x) {
      Tensor h = first.forward(x); // [P/m², m²·Dv]
      h = torch.gelu(h, "none"); // exact (erf) GELU: torch.nn.GELU()'s default
      return second.forward(h); // [P/m², m²·Dv] -> [P/m², D]
    }
  }
}
