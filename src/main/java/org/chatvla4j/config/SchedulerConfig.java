package org.chatvla4j.config;

/**
 * The DDIM noise schedule of the action head (diffusers {@code DDIMScheduler} settings of ChatVLA, chatvla-paper.md §3.3).
 *
 * @param numTrainTimesteps {@code num_train_timesteps}, 100
 * @param numInferenceTimesteps {@code num_inference_timesteps}, 10
 * @param betaSchedule {@code beta_schedule}: {@code squaredcos_cap_v2} (or {@code linear})
 * @param clipSample {@code clip_sample}: clamp x̂0 to ±{@code clipSampleRange}
 * @param clipSampleRange {@code clip_sample_range}, 1
 * @param setAlphaToOne {@code set_alpha_to_one}: ᾱ_prev = 1 at the final step
 * @param predictionType {@code prediction_type}: {@code epsilon}
 */
public record SchedulerConfig(
    int numTrainTimesteps,
    int numInferenceTimesteps,
    String betaSchedule,
    boolean clipSample,
    double clipSampleRange,
    boolean setAlphaToOne,
    String predictionType) {

  public SchedulerConfig {
    Require.positive("num_train_timesteps", numTrainTimesteps);
    Require.positive("num_inference_timesteps", numInferenceTimesteps);
    if (numInferenceTimesteps > numTrainTimesteps) {
      throw new IllegalArgumentException(
          "num_inference_timesteps (" + numInferenceTimesteps + ") must not exceed num_train_timesteps (" + numTrainTimesteps + ")");
    }
    if (!betaSchedule.equals("squaredcos_cap_v2") && !betaSchedule.equals("linear")) {
      throw new IllegalArgumentException("beta_schedule must be squaredcos_cap_v2 or linear, got '" + betaSchedule + "'");
    }
    Require.positive("clip_sample_range", clipSampleRange);
    if (!predictionType.equals("epsilon")) {
      throw new IllegalArgumentException("prediction_type must be epsilon (what ChatVLA trains), got '" + predictionType + "'");
    }
  }

  /** ChatVLA's: 100 train / 10 inference steps, squaredcos_cap_v2, clip ±1, ᾱ_prev = 1 at the end, ε-prediction. */
  public static SchedulerConfig chatVla() {
    return new SchedulerConfig(100, 10, "squaredcos_cap_v2", true, 1.0, true, "epsilon");
  }
}
