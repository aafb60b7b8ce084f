package org.chatvla4j.eval;

import java.util.Objects;

/**
 * Does the model beat a baseline on the same items? The model and the baseline are scored on the same episodes (the
 * same seeded layouts and instructions) or the same questions, so only the items where exactly one of them is right
 * carry evidence. Under "neither is better" each such item goes to the model with probability ½; the p-value is the
 * chance of the model winning at least {@code modelOnly} of the {@code modelOnly + baselineOnly} split items (the exact
 * one-sided McNemar test). The eval's verdict asks {@code p < }{@link #ALPHA}: a floor for "clearly better", since
 * a win of a few points over enough items passes it too.
 *
 * @param baseline what the model is compared with, as the report names it
 * @param items paired items (episodes or questions)
 * @param modelOnly items the model gets right and the baseline wrong
 * @param baselineOnly items the baseline gets right and the model wrong
 * @param pValue P(X ≥ modelOnly), X ~ Binomial(modelOnly + baselineOnly, ½); 1 when no item is split
 */
public record PairedSignTest(String baseline, int items, int modelOnly, int baselineOnly, double pValue) {
  /** The eval's bar for "beats the baseline": one chance in a hundred that an equal policy does as well. */
  public static final double ALPHA = 0.01;

  public PairedSignTest {
    Objects.requireNonNull(baseline, "baseline");
    if (modelOnly < 0 || baselineOnly < 0 || modelOnly + baselineOnly > items) {
      throw new IllegalArgumentException("split counts " + modelOnly + " and " + baselineOnly + " do not fit " + items + " items");
    }
  }

  /** The test over paired outcomes: {@code model[i]} and {@code baseline[i]} score the same item. */
  public static PairedSignTest of(String baseline, boolean[] model, boolean[] baselineRight) {
    if (model.length != baselineRight.length) {
      throw new IllegalArgumentException("the model has " + model.length + " outcomes and " + baseline + " " + baselineRight.length
          + "; a paired test needs the same items");
    }
    int modelOnly = 0;
    int baselineOnly = 0;
    for (int i = 0; i < model.length; i++) {
      if (model[i] && !baselineRight[i]) {
        modelOnly++;
      } else if (baselineRight[i] && !model[i]) {
        baselineOnly++;
      }
    }
    return new PairedSignTest(baseline, model.length, modelOnly, baselineOnly, upperTail(modelOnly, modelOnly + baselineOnly));
  }

  /** Whether the model beats the baseline at {@link #ALPHA}. */
  public boolean significant() {
    return pValue < ALPHA;
  }

  /**
   * P(X ≥ k) for X ~ Binomial(n, ½), summed in log space so that n in the thousands (all questions split) neither
   * underflows 2⁻ⁿ nor overflows the binomial coefficients.
   */
  static double upperTail(int k, int n) {
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("need 0 <= k <= n, got k " + k + ", n " + n);
    }
    double logHalfPowN = -n * Math.log(2);
    double logC = 0; // log C(n, 0)
    double max = Double.NEGATIVE_INFINITY;
    double[] logTerms = new double[n - k + 1];
    for (int j = 0; j <= n; j++) {
      if (j >= k) {
        logTerms[j - k] = logC + logHalfPowN;
        max = Math.max(max, logTerms[j - k]);
      }
      logC += Math.log((double) (n - j) / (j + 1)); // C(n, j+1) = C(n, j)·(n − j)/(j + 1)
    }
    double sum = 0;
    for (double t : logTerms) {
      sum += Math.exp(t - max);
    }
    return Math.min(1, Math.exp(max + Math.log(sum)));
  }
}
