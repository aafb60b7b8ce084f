package org.chatvla4j.train;

/**
 * A stage's learning rate as a function of its step. {@link WarmupCosine} is Hugging Face's
 * {@code cosine_with_min_lr} (linear warmup from 0, then half a cosine from the peak down to the floor), which the
 * ChatVLA scripts use; {@link Constant} is the paper-era stage-1 schedule.
 */
public sealed interface LrSchedule {
  /** The learning rate of step {@code step} (0-based) of a stage of {@code totalSteps} steps. */
  double lrAt(int step, int totalSteps);

  /** The same schedule, written for the recipe file. */
  String describe();

  /** The same learning rate at every step. */
  record Constant(double lr) implements LrSchedule {
    public Constant {
      if (!(lr > 0) || !Double.isFinite(lr)) {
        throw new IllegalArgumentException("lr must be a finite number > 0, got " + lr);
      }
    }

    @Override
    public double lrAt(int step, int totalSteps) {
      return lr;
    }

    @Override
    public String describe() {
      return "constant " + lr;
    }
  }

  /**
   * {@code peakLr · s / W} for {@code s < W}, then {@code minLr + (peakLr − minLr) · ½(1 + cos(π p))} with
   * {@code p = (s − W) / (N − W)}, where {@code W = round(warmupRatio · N)} (HF's {@code warmup_ratio}).
   */
  record WarmupCosine(double peakLr, double warmupRatio, double minLr) implements LrSchedule {
    public WarmupCosine {
      if (!(peakLr > 0) || !Double.isFinite(peakLr)) {
        throw new IllegalArgumentException("peak_lr must be a finite number > 0, got " + peakLr);
      }
      if (!(warmupRatio >= 0 && warmupRatio < 1)) {
        throw new IllegalArgumentException("warmup_ratio must be in [0, 1), got " + warmupRatio);
      }
      if (!(minLr >= 0 && minLr <= peakLr)) {
        throw new IllegalArgumentException("min_lr must be in [0, peak_lr = " + peakLr + "], got " + minLr);
      }
    }

    /** Warmup steps of a stage of {@code totalSteps} steps. */
    public int warmupSteps(int totalSteps) {
      return (int) Math.round(warmupRatio * totalSteps);
    }

    @Override
    public double lrAt(int step, int totalSteps) {
      if (step < 0 || step >= totalSteps) {
        throw new IllegalArgumentException("step " + step + " is outside the stage's [0, " + totalSteps + ")");
      }
      int w = warmupSteps(totalSteps);
      if (step < w) {
        return peakLr * step / w;
      }
      double progress = (double) (step - w) / Math.max(1, totalSteps - w);
      return minLr + (peakLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public String describe() {
      return "warmup " + warmupRatio + " + cosine " + peakLr + " -> " + minLr;
    }
  }
}
