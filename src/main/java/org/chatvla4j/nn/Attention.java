package org.chatvla4j.nn;

import org.bytedeco.pytorch.DoubleOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.tensor.Shapes;

/**
 * Scaled dot-product attention through libtorch's fused {@code scaled_dot_product_attention} (flash / memory-efficient
 * kernels on CPU), with grouped-query attention: {@code N} query heads share {@code K} key/value heads.
 *
 * <p>Shapes: q [B, N, T, Hd], k and v [B, K, S, Hd], N a multiple of K. Masks are boolean (true = may attend) or additive
 * float, broadcastable to [B, N, T, S].
 */
public final class Attention {
  private Attention() {}

  /** Causal attention where query i sees keys 0..i (T = S, no cache). */
  public static Tensor causal(Tensor q, Tensor k, Tensor v) {
    checkShapes(q, k, v);
    if (q.size(2) != k.size(2)) {
      throw new IllegalArgumentException("causal attention needs T = S, got T=" + q.size(2) + " S=" + k.size(2) + "; pass a mask instead");
    }
    return torch.scaled_dot_product_attention(q, k, v, new TensorOptional(), 0.0, true, new DoubleOptional(), isGrouped(q, k));
  }

  /** Attention under an explicit mask (boolean: true = attend; or additive float). */
  public static Tensor masked(Tensor q, Tensor k, Tensor v, Tensor mask) {
    checkShapes(q, k, v);
    return torch.scaled_dot_product_attention(q, k, v, new TensorOptional(mask), 0.0, false, new DoubleOptional(), isGrouped(q, k));
  }

  /** Full (bidirectional) attention. */
  public static Tensor full(Tensor q, Tensor k, Tensor v) {
    checkShapes(q, k, v);
    return torch.scaled_dot_product_attention(q, k, v, new TensorOptional(), 0.0, false, new DoubleOptional(), isGrouped(q, k));
  }

  private static boolean isGrouped(Tensor q, Tensor k) {
    return q.size(1) != k.size(1);
  }

  private static void checkShapes(Tensor q, Tensor k, Tensor v) {
    long[] qs = Shapes.of(q);
    if (qs.length != 4) {
      throw new IllegalArgumentException("q: expected [B, N, T, Hd], got " + java.util.Arrays.toString(qs));
    }
    long b = qs[0];
    long hd = qs[3];
    Shapes.check("k", k, "B, K, S, Hd", b, Shapes.ANY, Shapes.ANY, hd);
    Shapes.check("v", v, "B, K, S, Hd", b, k.size(1), k.size(2), hd);
    if (qs[1] % k.size(1) != 0) {
      throw new IllegalArgumentException("query heads N=" + qs[1] + " must be a multiple of key/value heads K=" + k.size(1));
    }
  }
}
