package org.chatvla4j.eval;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.Policy;

/**
 * The random baseline: each step a Δxy drawn uniformly from the box [{@code low}, {@code high}] (the model's action
 * range: the training data's min–max), from a seeded generator so a rerun draws the same actions.
 */
public final class RandomActionPolicy implements Policy {
  private final double[] low;
  private final double[] high;
  private final RandomGenerator rng;

  public RandomActionPolicy(double[] low, double[] high, RandomGenerator rng) {
    if (low.length != 2 || high.length != 2) {
      throw new IllegalArgumentException("the action box is Δxy: 2 lows and 2 highs, got " + Arrays.toString(low) + " / "
          + Arrays.toString(high));
    }
    for (int i = 0; i < 2; i++) {
      if (!(low[i] < high[i])) {
        throw new IllegalArgumentException("action box dimension " + i + " is empty: low " + low[i] + " >= high " + high[i]);
      }
    }
    this.low = low.clone();
    this.high = high.clone();
    this.rng = rng;
  }

  @Override
  public void reset() {}

  @Override
  public double[][] act(Observation observation) {
    double[] a = new double[2];
    for (int i = 0; i < 2; i++) {
      a[i] = low[i] + (high[i] - low[i]) * rng.nextDouble();
    }
    return new double[][] {a};
  }
}
