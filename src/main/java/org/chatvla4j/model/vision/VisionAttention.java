package org.chatvla4j.model.vision;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.config.VisionConfig;
import org.chatvla4j.nn.Attention;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;
import org.chatvla4j.nn.RotaryEmbedding;

/**
 * Port of {@code VisionAttention} (transformers {@code modeling_qwen2_vl.py}): fused {@code qkv} (with bias), 2-D
 * rotary on q and k (in float32), softmax attention with scale {@code 1/√Hd} confined to each frame (the
 * {@code cu_seqlens} segments), then {@code proj}. {@code [P, Dv]} → {@code [P, Dv]}.
 *
 * <p>Runs of consecutive segments with the same length (the usual case: several images of one camera size) go through
 * one batched SDPA call; that is the same math as a block-diagonal mask without building a P×P mask.
 */
public final class VisionAttention extends Module {
  private final Linear qkv;
  private final Linear proj;
  private final long numHeads;
  private final long headDim;

  public VisionAttention(Init init, VisionConfig cfg) {
    this.numHeads = cfg.numHeads();
    this.headDim = cfg.headDim();
    this.qkv = register("qkv", Linear.withBias(init, cfg.embedDim(), 3L * cfg.embedDim()));
    this.proj = register("proj", Linear.withBias(init, cfg.embedDim(), cfg.embedDim()));
  }

  /**
   * @param x {@code [P, Dv]}
   * @param cos {@code [P, Hd]} rotary cos (float32)
   * @param sin {@code [P, Hd]} rotary sin (float32)
   * @param segments attention segment lengths summing to P (one per frame)
   */
  public Tensor forward(Tensor x, Tensor cos, Tensor sin, long[] segments) {
    long p = x.size(0);
    Tensor qkvOut = qkv.forward(x); // [P, Dv] -> [P, 3·Dv]
    Tensor heads = qkvOut.view(p, 3, numHeads, headDim).permute(1, 2, 0, 3); // [P, 3, N, Hd] -> [3, N, P, Hd]
    Tensor q = heads.select(0, 0).unsqueeze(0); // [1, N, P, Hd]
    Tensor k = heads.select(0, 1).unsqueeze(0); // [1, N, P, Hd]
    Tensor v = heads.select(0, 2).unsqueeze(0); // [1, N, P, Hd]
    Tensor c = cos.unsqueeze(0); // [1, P, Hd]
    Tensor s = sin.unsqueeze(0); // [1, P, Hd]
    q = RotaryEmbedding.apply(q, c, s); // [1, N, P, Hd]
    k = RotaryEmbedding.apply(k, c, s); // [1, N, P, Hd]
    Tensor attended = attendPerSegment(q, k, v, segments); // [1, N, P, Hd]
    Tensor merged = attended.squeeze(0).permute(1, 0, 2).reshape(p, numHeads * headDim); // [N, P, Hd] -> [P, Dv]
    return proj.forward(merged); // [P, Dv]
  }

  /** Full attention inside each segment; equal-length neighbours are stacked on the batch axis. */
  private static Tensor attendPerSegment(Tensor q, Tensor k, Tensor v, long[] segments) {
    TensorVector parts = new TensorVector();
    long start = 0;
    int i = 0;
    while (i < segments.length) {
      long len = segments[i];
      int run = 1;
      while (i + run < segments.length && segments[i + run] == len) {
        run++;
      }
      long n = q.size(1);
      long hd = q.size(3);
      long span = len * run;
      Tensor qs = stackRun(q.narrow(2, start, span), run, len); // [1, N, run·len, Hd] -> [run, N, len, Hd]
      Tensor ks = stackRun(k.narrow(2, start, span), run, len);
      Tensor vs = stackRun(v.narrow(2, start, span), run, len);
      Tensor out = Attention.full(qs, ks, vs); // [run, N, len, Hd]
      parts.push_back(out.permute(1, 0, 2, 3).reshape(1, n, span, hd)); // [run, N, len, Hd] -> [1, N, run·len, Hd]
      start += span;
      i += run;
    }
    return parts.size() == 1 ? parts.get(0) : torch.cat(parts, 2); // [1, N, P, Hd]
  }

  private static Tensor stackRun(Tensor t, int run, long len) {
    long n = t.size(1);
    long hd = t.size(3);
    return t.reshape(n, run, len, hd).permute(1, 0, 2, 3); // [1, N, run·len, Hd] -> [N, run, len, Hd] -> [run, N, len, Hd]
  }
}
