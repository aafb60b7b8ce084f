package org.chatvla4j.model.vision;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.config.VisionConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;
import org.chatvla4j.tensor.Tensors;

/**
 * Port of {@code VisionMlp} (transformers {@code modeling_qwen2_vl.py}) with Qwen2-VL's {@code quick_gelu}:
 * {@code fc2(quick_gelu(fc1(x)))}, {@code quick_gelu(x) = x · σ(1.702 x)}. {@code [P, Dv]} → {@code [P, Dv]}.
 */
public final class VisionMlp extends Module {
  private static final double QUICK_GELU_SCALE = 1.702;

  private final Linear fc1;
  private final Linear fc2;

  public VisionMlp(Init init, VisionConfig cfg) {
    this.fc1 = register("fc1", Linear.withBias(init, cfg.embedDim(), cfg.mlpHiddenDim()));
    this.fc2 = register("fc2", Linear.withBias(init, cfg.mlpHiddenDim(), cfg.embedDim()));
  }

  public Tensor forward(Tensor x) {
    Tensor h = fc1.forward(x); // [P, Dv] -> [P, Dv·ratio]
    h = quickGelu(h); // [P, Dv·ratio]
    return fc2.forward(h); // [P, Dv·ratio] -> [P, Dv]
  }

  /** {@code x · σ(1.702 x)}. */
  public static Tensor quickGelu(Tensor x) {
    return x.mul(torch.sigmoid(x.mul(Tensors.scalar(QUICK_GELU_SCALE))));
  }
}
