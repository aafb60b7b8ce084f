package org.chatvla4j.model.diffusion;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.SchedulerConfig;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;

/**
 * Port of diffusers' {@code DDIMScheduler} ({@code scheduling_ddim.py}) for ε-prediction with η = 0, as pure functions:
 * nothing is stored between calls, every timestep is per sample, and the caller owns the loop and the noise.
 *
 * <p>Semantics kept from diffusers: "leading" timestep spacing ({@code set_timesteps(10)} of 100 gives 90, 80, …, 0),
 * x̂0 clipped to ±{@code clip_sample_range}, ᾱ_prev = 1 after the last step when {@code set_alpha_to_one} (else ᾱ_0),
 * and the <em>unclipped</em> ε̂ in the direction term ({@code use_clipped_model_output=False}, the default the
 * reference calls with). One deviation: ᾱ is a double-precision product here (diffusers multiplies fp32 betas in
 * fp32); the per-sample coefficients are rounded once to the sample's dtype. The two differ by &lt; 1e-6 on ChatVLA's
 * schedule.
 *
 * <p>Shapes: x0, ε, x_t [B, A, Da]; t [B] int64.
 */
public final class DdimScheduler {
  private final SchedulerConfig config;
  private final double[] alphasCumprod;
  private final double finalAlphaCumprod;

  public DdimScheduler(SchedulerConfig config) {
    this.config = config;
    this.alphasCumprod = BetaSchedule.parse(config.betaSchedule()).alphasCumprod(config.numTrainTimesteps());
    this.finalAlphaCumprod = config.setAlphaToOne() ? 1.0 : alphasCumprod[0];
  }

  public SchedulerConfig config() {
    return config;
  }

  /** ᾱ_t for t = 0 … T−1 (a copy). */
  public double[] alphasCumprod() {
    return alphasCumprod.clone();
  }

  /** The configured inference timesteps, high to low. */
  public long[] inferenceTimesteps() {
    return inferenceTimesteps(config.numInferenceTimesteps());
  }

  /** {@code n} timesteps with "leading" spacing and {@code steps_offset} 0: (n−1)·k, …, k, 0 with k = T / n. */
  public long[] inferenceTimesteps(int n) {
    if (n <= 0 || n > config.numTrainTimesteps()) {
      throw new IllegalArgumentException(
          "inference steps must be in 1.." + config.numTrainTimesteps() + " (num_train_timesteps), got " + n);
    }
    long stride = config.numTrainTimesteps() / n;
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = (n - 1 - i) * stride;
    }
    return out;
  }

  /** The forward process q(x_t | x0): x_t = √ᾱ_t·x0 + √(1−ᾱ_t)·ε, with t per sample. */
  public Tensor addNoise(Tensor x0, Tensor noise, Tensor timesteps) {
    long[] t = checkTimesteps(x0, timesteps);
    Shapes.check("noise", noise, "B, A, Da", Shapes.of(x0));
    double[] signal = new double[t.length];
    double[] sigma = new double[t.length];
    for (int b = 0; b < t.length; b++) {
      double a = alphasCumprod[(int) t[b]];
      signal[b] = Math.sqrt(a);
      sigma[b] = Math.sqrt(1 - a);
    }
    // [B, A, Da]
    return x0.mul(perSample(signal, x0)).add(noise.mul(perSample(sigma, x0)));
  }

  /**
   * One deterministic DDIM step from t to t − T/n (n = the configured inference steps): x̂0 = (x_t − √(1−ᾱ_t)·ε̂)/√ᾱ_t,
   * clipped; x_prev = √ᾱ_prev·x̂0 + √(1−ᾱ_prev)·ε̂.
   */
  public DdimStep step(Tensor epsHat, Tensor timesteps, Tensor sample) {
    long[] t = checkTimesteps(sample, timesteps);
    Shapes.check("model_output", epsHat, "B, A, Da", Shapes.of(sample));
    long stride = config.numTrainTimesteps() / config.numInferenceTimesteps();
    int batch = t.length;
    double[] invSqrtAlpha = new double[batch];
    double[] sqrtBeta = new double[batch];
    double[] sqrtAlphaPrev = new double[batch];
    double[] sqrtBetaPrev = new double[batch];
    for (int b = 0; b < batch; b++) {
      double alpha = alphasCumprod[(int) t[b]];
      long prev = t[b] - stride;
      double alphaPrev = prev >= 0 ? alphasCumprod[(int) prev] : finalAlphaCumprod;
      invSqrtAlpha[b] = 1 / Math.sqrt(alpha);
      sqrtBeta[b] = Math.sqrt(1 - alpha);
      sqrtAlphaPrev[b] = Math.sqrt(alphaPrev);
      sqrtBetaPrev[b] = Math.sqrt(1 - alphaPrev);
    }
    // [B, A, Da]
    Tensor x0 = sample.sub(epsHat.mul(perSample(sqrtBeta, sample))).mul(perSample(invSqrtAlpha, sample));
    if (config.clipSample()) {
      double r = config.clipSampleRange();
      x0 = x0.clamp(new ScalarOptional(new Scalar(-r)), new ScalarOptional(new Scalar(r)));
    }
    // [B, A, Da]; the direction term uses ε̂ as predicted, not re-derived from the clipped x̂0
    Tensor prev = x0.mul(perSample(sqrtAlphaPrev, sample)).add(epsHat.mul(perSample(sqrtBetaPrev, sample)));
    return new DdimStep(prev, x0);
  }

  private long[] checkTimesteps(Tensor x, Tensor timesteps) {
    long[] shape = Shapes.of(x);
    Shapes.check("sample", x, "B, A, Da", Shapes.ANY, Shapes.ANY, Shapes.ANY);
    Shapes.check("timesteps", timesteps, "B", shape[0]);
    long[] t = Tensors.toLongs(timesteps);
    for (long v : t) {
      if (v < 0 || v >= alphasCumprod.length) {
        throw new IllegalArgumentException(
            "timestep " + v + " is outside 0.." + (alphasCumprod.length - 1) + " (num_train_timesteps " + alphasCumprod.length + ")");
      }
    }
    return t;
  }

  /** A [B, 1, 1] coefficient in {@code like}'s dtype, to broadcast over one sample's [A, Da]. */
  private static Tensor perSample(double[] values, Tensor like) {
    return Tensors.onDeviceOf(Tensors.fromDoubles(values, values.length, 1, 1), like).to(like.scalar_type());
  }
}
