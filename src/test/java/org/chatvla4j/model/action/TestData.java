package org.chatvla4j.model.action;

import java.util.SplittableRandom;

/** Seeded random arrays for the action-head tests. */
final class TestData {
  private TestData() {}

  static float[] uniform(SplittableRandom r, int n, double bound) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
    }
    return a;
  }

  static float[] gaussian(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i += 2) {
      double u = r.nextDouble() + 1e-12, v = r.nextDouble();
      double m = Math.sqrt(-2 * Math.log(u));
      a[i] = (float) (m * Math.cos(2 * Math.PI * v));
      if (i + 1 < n) {
        a[i + 1] = (float) (m * Math.sin(2 * Math.PI * v));
      }
    }
    return a;
  }
}
