package org.chatvla4j.model.diffusion;

/**
 * Port of diffusers' {@code beta_schedule} options ({@code scheduling_ddim.py}: {@code betas_for_alpha_bar} with the
 * cosine ᾱ of Nichol &amp; Dhariwal, and {@code linear}). Betas are computed in double precision; the DexVLA README's
 * fp32 advice is about avoiding the NaNs of lower precision, and double is at least as safe.
 */
public enum BetaSchedule {
  /** β_i = min(1 − ᾱ((i+1)/T)/ᾱ(i/T), 0.999) with ᾱ(s) = cos²((s + 0.008)/1.008 · π/2). */
  SQUAREDCOS_CAP_V2("squaredcos_cap_v2"),
  /** β linearly spaced from 1e-4 to 0.02 (diffusers' default {@code beta_start}/{@code beta_end}). */
  LINEAR("linear");

  private static final double MAX_BETA = 0.999;
  private static final double LINEAR_START = 1e-4;
  private static final double LINEAR_END = 0.02;

  private final String configName;

  BetaSchedule(String configName) {
    this.configName = configName;
  }

  /** The name used in scheduler configs ({@code beta_schedule}). */
  public String configName() {
    return configName;
  }

  /** Parses a {@code beta_schedule} value; the error lists the known names. */
  public static BetaSchedule parse(String name) {
    for (BetaSchedule s : values()) {
      if (s.configName.equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("beta_schedule '" + name + "' is not supported; use squaredcos_cap_v2 or linear");
  }

  /** The {@code numTrainTimesteps} betas β_0 … β_{T−1}. */
  public double[] betas(int numTrainTimesteps) {
    if (numTrainTimesteps <= 0) {
      throw new IllegalArgumentException("num_train_timesteps must be > 0, got " + numTrainTimesteps);
    }
    double[] betas = new double[numTrainTimesteps];
    for (int i = 0; i < numTrainTimesteps; i++) {
      betas[i] = switch (this) {
        case SQUAREDCOS_CAP_V2 -> Math.min(
            1 - cosineAlphaBar((i + 1.0) / numTrainTimesteps) / cosineAlphaBar((double) i / numTrainTimesteps), MAX_BETA);
        case LINEAR -> numTrainTimesteps == 1
            ? LINEAR_START
            : LINEAR_START + (LINEAR_END - LINEAR_START) * i / (numTrainTimesteps - 1);
      };
    }
    return betas;
  }

  /** ᾱ_t = Π_{i ≤ t} (1 − β_i), t = 0 … T−1. */
  public double[] alphasCumprod(int numTrainTimesteps) {
    double[] betas = betas(numTrainTimesteps);
    double[] out = new double[betas.length];
    double prod = 1;
    for (int i = 0; i < betas.length; i++) {
      prod *= 1 - betas[i];
      out[i] = prod;
    }
    return out;
  }

  private static double cosineAlphaBar(double s) {
    double c = Math.cos((s + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }
}
