package org.chatvla4j.model.action;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.nn.Module;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;

/**
 * Port of {@code TimestepEmbedder} (DexVLA/ChatVLA {@code modeling_scaledp.py}, from DiT): a sinusoidal embedding of
 * the diffusion step, then {@code mlp.0} Linear(256→n) → SiLU → {@code mlp.2} Linear(n→n).
 *
 * <p>Deviation: the reference builds its frequency table in bfloat16 and returns a bf16 embedding; this port computes
 * the closed form in float32 (then casts to the parameters' dtype). Checkpoints trained with the bf16 table see
 * frequencies that differ by up to 2⁻⁸ relative.
 */
public final class TimestepEmbedder extends Module {
  /** Width of the sinusoidal table ({@code frequency_embedding_size}). */
  public static final int FREQUENCY_EMBEDDING_SIZE = 256;

  private static final double MAX_PERIOD = 10_000;

  private final Linear mlp0;
  private final Linear mlp2;

  public TimestepEmbedder(Init init, long hiddenSize) {
    this.mlp0 = register("mlp.0", Linear.withBias(init, FREQUENCY_EMBEDDING_SIZE, hiddenSize));
    this.mlp2 = register("mlp.2", Linear.withBias(init, hiddenSize, hiddenSize));
  }

  Linear firstLinear() {
    return mlp0;
  }

  Linear secondLinear() {
    return mlp2;
  }

  /**
   * The sinusoidal table: for i &lt; dim/2, f_i = exp(−ln(maxPeriod)·i/(dim/2)); out = [cos(t·f), sin(t·f)] (cos
   * first), zero-padded when dim is odd. t [B] (any numeric dtype) → [B, dim] float32.
   */
  public static Tensor sinusoidal(Tensor timesteps, int dim, double maxPeriod) {
    Shapes.check("timesteps", timesteps, "B", Shapes.ANY);
    int half = dim / 2;
    float[] freqs = new float[half];
    for (int i = 0; i < half; i++) {
      freqs[i] = (float) Math.exp(-Math.log(maxPeriod) * i / half);
    }
    // [B, dim/2]
    Tensor args = timesteps.to(DType.F32.scalarType()).unsqueeze(1).mul(Tensors.onDeviceOf(Tensors.fromFloats(freqs, 1, half), timesteps));
    // [B, 2·(dim/2)]
    Tensor emb = torch.cat(new TensorVector(args.cos(), args.sin()), 1);
    if (dim % 2 == 1) {
      emb = torch.cat(new TensorVector(emb, torch.zeros(new long[] {emb.size(0), 1}, Tensors.options(DType.F32, emb))), 1);
    }
    return emb;
  }

  /** t [B] → [B, n]. */
  public Tensor forward(Tensor timesteps) {
    // [B, 256]
    Tensor freq = sinusoidal(timesteps, FREQUENCY_EMBEDDING_SIZE, MAX_PERIOD).to(mlp0.weight().scalar_type());
    // [B, n]
    return mlp2.forward(torch.silu(mlp0.forward(freq)));
  }
}
