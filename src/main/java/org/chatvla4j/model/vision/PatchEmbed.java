package org.chatvla4j.model.vision;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.config.VisionConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Module;
import org.chatvla4j.tensor.Shapes;

/**
 * Port of {@code PatchEmbed} (transformers {@code modeling_qwen2_vl.py}): a bias-free Conv3d {@code proj} with kernel =
 * stride = (tp, p, p) over patches that the processor has already cut out. Since each flattened patch row is one
 * whole receptive field in (C, tp, p, p) order, the convolution is exactly {@code x · Wᵀ} with the kernel viewed
 * {@code [Dv, C·tp·p·p]}; the stored weight keeps the Conv3d shape {@code [Dv, C, tp, p, p]} so checkpoints load as is.
 */
public final class PatchEmbed extends Module {
  private final Conv3dKernel proj;
  private final long patchElements;
  private final long embedDim;

  public PatchEmbed(Init init, VisionConfig cfg) {
    this.embedDim = cfg.embedDim();
    this.patchElements = cfg.patchElements();
    this.proj = register("proj", new Conv3dKernel(init, cfg));
  }

  /** {@code [P, C·tp·p·p]} → {@code [P, Dv]}; the input is cast to the weight's dtype, as transformers does. */
  public Tensor forward(Tensor pixelValues) {
    Shapes.check("pixel_values", pixelValues, "P, C·tp·p·p", Shapes.ANY, patchElements);
    Tensor x = pixelValues.to(proj.weight.scalar_type()); // [P, C·tp·p·p]
    Tensor w = proj.weight.view(embedDim, patchElements); // [Dv, C, tp, p, p] -> [Dv, C·tp·p·p]
    return torch.matmul(x, w.t()); // [P, Dv]
  }

  /** The Conv3d's parameter holder (a Conv3d without bias has only {@code weight}). */
  private static final class Conv3dKernel extends Module {
    private final Tensor weight;

    Conv3dKernel(Init init, VisionConfig cfg) {
      // torch.nn.Conv3d's default init: kaiming_uniform(a=√5) = U(±1/√fan_in), fan_in = C·tp·p·p
      double bound = 1.0 / Math.sqrt(cfg.patchElements());
      this.weight = parameter("weight", init.uniform(bound, cfg.embedDim(), cfg.inChannels(), cfg.temporalPatchSize(),
          cfg.patchSize(), cfg.patchSize()));
    }
  }
}
