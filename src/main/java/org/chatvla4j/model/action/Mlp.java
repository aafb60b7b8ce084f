package org.chatvla4j.model.action;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;

/** Port of timm's {@code Mlp} as ScaleDP blocks use it: {@code fc1} → GELU (tanh approximation) → {@code fc2}. */
public final class Mlp extends Module {
  private final Linear fc1;
  private final Linear fc2;

  public Mlp(Init init, long dim, long hidden) {
    this.fc1 = register("fc1", Linear.withBias(init, dim, hidden));
    this.fc2 = register("fc2", Linear.withBias(init, hidden, dim));
  }

  /** [B, T, n] → [B, T, n]. */
  public Tensor forward(Tensor x) {
    // [B, T, 4n]
    Tensor h = torch.gelu(fc1.forward(x), "tanh");
    // [B, T, n]
    return fc2.forward(h);
  }

  Linear fc1() {
    return fc1;
  }

  Linear fc2() {
    return fc2;
  }
}
