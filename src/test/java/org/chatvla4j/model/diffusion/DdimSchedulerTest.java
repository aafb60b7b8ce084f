package org.chatvla4j.model.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.SchedulerConfig;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** DDIM against closed forms and plain-Java arithmetic, on ChatVLA's schedule (100 train / 10 inference steps). */
class DdimSchedulerTest {
  private static final int B = 4, A = 16, DA = 10;
  private final DdimScheduler ddim = new DdimScheduler(SchedulerConfig.chatVla());

  private static double cosineAlphaBar(double s) {
    double c = Math.cos((s + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }

  private static float[] uniform(SplittableRandom r, int n, double bound) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
    }
    return a;
  }

  private static float[] gaussian(SplittableRandom r, int n) {
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

  @Test
  void alphasCumprodMatchesTelescopedCosineClosedForm() {
    double[] a = ddim.alphasCumprod();
    assertEquals(100, a.length);
    // the product of ᾱ((i+1)/T)/ᾱ(i/T) telescopes to ᾱ((t+1)/T)/ᾱ(0) while no beta hits the 0.999 cap
    for (int t : new int[] {0, 50, 98}) {
      double expected = cosineAlphaBar((t + 1) / 100.0) / cosineAlphaBar(0);
      assertEquals(expected, a[t], 1e-12 * Math.max(1, expected), "alpha_bar at t=" + t);
    }
    // the last beta is capped at 0.999 (cos²(π/2) ≈ 0)
    assertEquals(cosineAlphaBar(0.99) / cosineAlphaBar(0) * (1 - 0.999), a[99], 1e-15);
    assertEquals(0.9993687, a[0], 1e-7); // cos²(0.018/1.008·π/2) / cos²(0.008/1.008·π/2)
    for (int t = 1; t < 100; t++) {
      assertTrue(a[t] < a[t - 1], "alpha_bar must decrease at t=" + t);
    }
  }

  @Test
  void linearScheduleSpansItsEnds() {
    double[] betas = BetaSchedule.LINEAR.betas(100);
    assertEquals(1e-4, betas[0], 1e-15);
    assertEquals(0.02, betas[99], 1e-15);
    assertEquals(1e-4 + (0.02 - 1e-4) * 50 / 99, betas[50], 1e-15);
    assertEquals(BetaSchedule.SQUAREDCOS_CAP_V2, BetaSchedule.parse("squaredcos_cap_v2"));
    assertThrows(IllegalArgumentException.class, () -> BetaSchedule.parse("cosine"));
  }

  @Test
  void leadingSpacingTimesteps() {
    assertArrayEquals(new long[] {90, 80, 70, 60, 50, 40, 30, 20, 10, 0}, ddim.inferenceTimesteps());
    assertArrayEquals(new long[] {90, 80, 70, 60, 50, 40, 30, 20, 10, 0}, ddim.inferenceTimesteps(10));
    assertArrayEquals(new long[] {66, 33, 0}, ddim.inferenceTimesteps(3));
    assertThrows(IllegalArgumentException.class, () -> ddim.inferenceTimesteps(101));
  }

  @Test
  void addNoiseIsTheClosedFormPerSample() {
    SplittableRandom r = new SplittableRandom(3);
    float[] x0 = uniform(r, B * A * DA, 1), eps = gaussian(r, B * A * DA);
    long[] t = {0, 37, 90, 99};
    double[] a = ddim.alphasCumprod();
    try (Scope s = Scope.open()) {
      float[] xt = Tensors.toFloats(ddim.addNoise(
          Tensors.fromFloats(x0, B, A, DA), Tensors.fromFloats(eps, B, A, DA), Tensors.fromLongs(t, B)));
      for (int i = 0; i < x0.length; i++) {
        double ab = a[(int) t[i / (A * DA)]];
        assertEquals(Math.sqrt(ab) * x0[i] + Math.sqrt(1 - ab) * eps[i], xt[i], 1e-6, "element " + i);
      }
    }
  }

  @Test
  void stepWithTheTrueNoiseRecoversX0AndLandsOnTheNextNoiseLevel() {
    SplittableRandom r = new SplittableRandom(5);
    float[] x0 = uniform(r, B * A * DA, 0.999), eps = gaussian(r, B * A * DA);
    long[] t = {90, 50, 10, 0};
    long[] prev = {80, 40, 0, 0};
    try (Scope s = Scope.open()) {
      Tensor x0t = Tensors.fromFloats(x0, B, A, DA), epst = Tensors.fromFloats(eps, B, A, DA);
      Tensor xt = ddim.addNoise(x0t, epst, Tensors.fromLongs(t, B));
      DdimStep step = ddim.step(epst, Tensors.fromLongs(t, B), xt);
      float[] x0Hat = Tensors.toFloats(step.predOriginalSample());
      float[] xPrev = Tensors.toFloats(step.prevSample());
      float[] expectedPrev = Tensors.toFloats(ddim.addNoise(x0t, epst, Tensors.fromLongs(prev, B)));
      for (int i = 0; i < x0.length; i++) {
        assertEquals(x0[i], x0Hat[i], 1e-5, "x0_hat element " + i);
        int b = i / (A * DA);
        // sample 3 stepped from t = 0: ᾱ_prev = 1 (set_alpha_to_one), so x_prev = x0 exactly
        float expected = b == 3 ? x0[i] : expectedPrev[i];
        assertEquals(expected, xPrev[i], 1e-5, "x_prev element " + i + " (t=" + t[b] + ")");
      }
    }
  }

  @Test
  void stepClipsX0ButUsesTheUnclippedNoiseInTheDirectionTerm() {
    SplittableRandom r = new SplittableRandom(7);
    float[] xt = gaussian(r, B * A * DA), epsHat = uniform(r, B * A * DA, 3);
    long[] t = {90, 60, 30, 10};
    double[] a = ddim.alphasCumprod();
    try (Scope s = Scope.open()) {
      DdimStep step = ddim.step(Tensors.fromFloats(epsHat, B, A, DA), Tensors.fromLongs(t, B), Tensors.fromFloats(xt, B, A, DA));
      float[] x0Hat = Tensors.toFloats(step.predOriginalSample());
      float[] xPrev = Tensors.toFloats(step.prevSample());
      int clipped = 0;
      for (int i = 0; i < xt.length; i++) {
        int b = i / (A * DA);
        double at = a[(int) t[b]], ap = a[(int) t[b] - 10];
        double raw = (xt[i] - Math.sqrt(1 - at) * epsHat[i]) / Math.sqrt(at);
        double clip = Math.max(-1, Math.min(1, raw));
        clipped += raw != clip ? 1 : 0;
        assertEquals(clip, x0Hat[i], 1e-5, "x0_hat element " + i);
        assertEquals(Math.sqrt(ap) * clip + Math.sqrt(1 - ap) * epsHat[i], xPrev[i], 1e-5, "x_prev element " + i);
      }
      assertTrue(clipped > 100, "the test must exercise clipping, clipped " + clipped);
    }
  }

  @Test
  void tenStepsWithAPerfectNoisePredictorLandOnX0() {
    SplittableRandom r = new SplittableRandom(11);
    float[] x0 = uniform(r, B * A * DA, 0.95), start = gaussian(r, B * A * DA);
    double[] a = ddim.alphasCumprod();
    try (Scope s = Scope.open()) {
      Tensor x0t = Tensors.fromFloats(x0, B, A, DA);
      Tensor x = Tensors.fromFloats(start, B, A, DA);
      int steps = 0;
      for (long t : ddim.inferenceTimesteps()) {
        // the ε that explains x from x0 at level t: (x − √ᾱ_t·x0)/√(1−ᾱ_t)
        Tensor epsHat = x.sub(x0t.mul(Tensors.scalar(Math.sqrt(a[(int) t])))).div(Tensors.scalar(Math.sqrt(1 - a[(int) t])));
        x = ddim.step(epsHat, Tensors.fromLongs(new long[] {t, t, t, t}, B), x).prevSample();
        steps++;
      }
      assertEquals(10, steps);
      float[] out = Tensors.toFloats(x);
      for (int i = 0; i < x0.length; i++) {
        assertEquals(x0[i], out[i], 1e-5, "element " + i);
      }
    }
  }

  @Test
  void rejectsTimestepsOutsideTheSchedule() {
    try (Scope s = Scope.open()) {
      Tensor x = Tensors.fromFloats(new float[2 * 3], 1, 2, 3);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ddim.addNoise(x, x, Tensors.fromLongs(new long[] {100}, 1)));
      assertTrue(e.getMessage().contains("100"), e.getMessage());
    }
  }
}
