package org.chatvla4j.model.action;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.chatvla4j.nn.Attention;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;

/**
 * Port of the timm-style {@code Attention} of {@code modeling_scaledp.py}: fused {@code qkv} projection with bias, full
 * (bidirectional) attention over the action tokens, no qk-norm, then {@code proj}.
 */
public final class ScaleDpAttention extends Module {
  private final Linear qkv;
  private final Linear proj;
  private final long numHeads;

  public ScaleDpAttention(Init init, long dim, long numHeads) {
    if (dim % numHeads != 0) {
      throw new IllegalArgumentException("attention width " + dim + " is not a multiple of num_heads " + numHeads);
    }
    this.numHeads = numHeads;
    this.qkv = register("qkv", Linear.withBias(init, dim, 3 * dim));
    this.proj = register("proj", Linear.withBias(init, dim, dim));
  }

  /** [B, T, n] → [B, T, n]. */
  public Tensor forward(Tensor x) {
    long b = x.size(0), t = x.size(1), n = x.size(2);
    long hd = n / numHeads;
    // [B, T, 3n] → [3, B, H, T, Hd]
    Tensor packed = qkv.forward(x).view(b, t, 3, numHeads, hd).permute(2, 0, 3, 1, 4);
    TensorVector qkvHeads = packed.unbind(0);
    // [B, H, T, Hd]
    Tensor attended = Attention.full(qkvHeads.get(0), qkvHeads.get(1), qkvHeads.get(2));
    // [B, T, n]
    return proj.forward(attended.transpose(1, 2).reshape(b, t, n));
  }

  Linear qkvLinear() {
    return qkv;
  }

  Linear projLinear() {
    return proj;
  }
}
