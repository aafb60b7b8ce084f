package org.chatvla4j.model.moe;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;

/**
 * Port of {@code Qwen2MLP} (transformers {@code modeling_qwen2_vl.py}): {@code down_proj(silu(gate_proj(x)) · up_proj(x))},
 * no biases; {@code [..., D] -> [..., F] -> [..., D]}. One dense decoder MLP, or one static expert.
 */
public final class Qwen2Mlp extends Module implements DecoderMlp {
  private final Linear gateProj;
  private final Linear upProj;
  private final Linear downProj;

  public Qwen2Mlp(Init init, long hiddenSize, long intermediateSize) {
    this.gateProj = register("gate_proj", Linear.withoutBias(init, hiddenSize, intermediateSize));
    this.upProj = register("up_proj", Linear.withoutBias(init, hiddenSize, intermediateSize));
    this.downProj = register("down_proj", Linear.withoutBias(init, intermediateSize, hiddenSize));
  }

  /** {@code [..., D] -> [..., D]}. */
  public Tensor forward(Tensor x) {
    Tensor gated = torch.silu(gateProj.forward(x)).mul(upProj.forward(x)); // [..., F]
    return downProj.forward(gated); // [..., D]
  }

  /** A dense MLP serves every task. */
  @Override
  public Tensor forward(Tensor hidden, ExpertRouting routing) {
    return forward(hidden);
  }
}
