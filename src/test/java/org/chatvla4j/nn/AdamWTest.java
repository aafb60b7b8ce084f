package org.chatvla4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

class AdamWTest {
  /** Two parameters: a matrix (decayed) and a bias (not decayed). */
  static final class Tiny extends Module {
    final Linear fc;

    Tiny() {
      fc = register("fc", Linear.withBias(Init.cpu(DType.F32, 7), 2, 1));
    }
  }

  @Test
  void oneStepMatchesHandComputedUpdate() {
    try (Scope s = Scope.open()) {
      Tiny m = new Tiny();
      Tensor w = m.fc.weight();
      Tensor b = m.fc.bias();
      w.detach().copy_(Tensors.fromFloats(new float[] {0.5f, -1f}, 1, 2));
      b.detach().copy_(Tensors.fromFloats(new float[] {0.25f}, 1));
      double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
      AdamW opt = new AdamW(m, new AdamWConfig(lr, b1, b2, eps, wd));
      // loss = sum(fc(x)) with x = [1, 2] → dL/dw = [1, 2], dL/db = 1
      m.fc.forward(Tensors.fromFloats(new float[] {1, 2}, 1, 2)).sum().backward();
      opt.step();
      // Step 1: m̂ = g, v̂ = g², update = lr·g/(|g|+eps); decoupled decay first: w ← w − lr·wd·w
      double[] w0 = {0.5, -1};
      double[] g = {1, 2};
      float[] wNew = Tensors.toFloats(w);
      for (int i = 0; i < 2; i++) {
        double expected = w0[i] * (1 - lr * wd) - lr * g[i] / (Math.abs(g[i]) + eps);
        assertEquals(expected, wNew[i], 1e-6);
      }
      assertEquals(0.25 - lr * 1 / (1 + eps), Tensors.toFloats(b)[0], 1e-6); // no decay on the bias
    }
  }

  @Test
  void frozenParametersAreBitwiseUnchanged() {
    try (Scope s = Scope.open()) {
      Tiny m = new Tiny();
      assertEquals(1, m.freeze("\\.bias$"));
      float[] before = Tensors.toFloats(m.fc.bias());
      AdamW opt = new AdamW(m, AdamWConfig.defaults(1e-2));
      for (int i = 0; i < 3; i++) {
        opt.zeroGrad();
        m.fc.forward(Tensors.fromFloats(new float[] {1, 2}, 1, 2)).pow(Tensors.scalar(2)).sum().backward();
        opt.step();
      }
      assertArrayEquals(before, Tensors.toFloats(m.fc.bias()));
      assertEquals(2, m.trainableParameterCount());
    }
  }

  @Test
  void clippingScalesToMaxNorm() {
    try (Scope s = Scope.open()) {
      Tiny m = new Tiny();
      m.fc.forward(Tensors.fromFloats(new float[] {3, 4}, 1, 2)).sum().backward(); // grads: w=[3,4], b=[1]
      double norm = Gradients.clipNorm(m.trainableTensors(), 1.0);
      assertEquals(Math.sqrt(26), norm, 1e-5);
      float[] gw = Tensors.toFloats(m.fc.weight().grad());
      float[] gb = Tensors.toFloats(m.fc.bias().grad());
      double after = Math.sqrt(gw[0] * gw[0] + gw[1] * gw[1] + gb[0] * gb[0]);
      assertEquals(1.0, after, 1e-5);
      assertEquals(3 / Math.sqrt(26), gw[0], 1e-5);
    }
  }

  @Test
  void learningRateCanBeScheduled() {
    try (Scope s = Scope.open()) {
      Tiny m = new Tiny();
      AdamW opt = new AdamW(m, AdamWConfig.defaults(1e-3));
      opt.setLearningRate(0.5);
      assertEquals(0.5, opt.learningRate());
      float[] w0 = Tensors.toFloats(m.fc.weight());
      m.fc.forward(Tensors.fromFloats(new float[] {1, 1}, 1, 2)).sum().backward();
      opt.step();
      float[] w1 = Tensors.toFloats(m.fc.weight());
      assertEquals(w0[0] * (1 - 0.5 * 0.01) - 0.5, w1[0], 1e-5);
    }
  }

  /**
   * Twenty steps with changing gradients against Adam written out (Loshchilov &amp; Hutter's AdamW with bias
   * correction). One step cannot tell β1 from β2 (after bias correction m̂/√v̂ = g/|g| whatever they are); many
   * steps with a gradient whose size changes can.
   */
  @Test
  void manyStepsMatchAdamWrittenOut() {
    try (Scope s = Scope.open()) {
      Tiny m = new Tiny();
      m.fc.weight().detach().copy_(Tensors.fromFloats(new float[] {0.5f, -1f}, 1, 2));
      double lr = 0.01, b1 = 0.9, b2 = 0.98, eps = 1e-7, wd = 0.05;
      AdamW opt = new AdamW(m, new AdamWConfig(lr, b1, b2, eps, wd));
      double[] w = {0.5, -1};
      double[] mom = new double[2];
      double[] vel = new double[2];
      for (int t = 1; t <= 20; t++) {
        // x_t = [t, (−1)^t · 0.1]: the first gradient grows, the second flips sign
        float[] x = {t, (t % 2 == 0 ? 0.1f : -0.1f)};
        opt.zeroGrad();
        m.fc.forward(Tensors.fromFloats(x, 1, 2)).sum().backward();
        opt.step();
        for (int i = 0; i < 2; i++) {
          w[i] *= 1 - lr * wd;
          mom[i] = b1 * mom[i] + (1 - b1) * x[i];
          vel[i] = b2 * vel[i] + (1 - b2) * x[i] * x[i];
          double mHat = mom[i] / (1 - Math.pow(b1, t));
          double vHat = vel[i] / (1 - Math.pow(b2, t));
          w[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
        }
        float[] got = Tensors.toFloats(m.fc.weight());
        assertEquals(w[0], got[0], 1e-5, "w[0] after step " + t);
        assertEquals(w[1], got[1], 1e-5, "w[1] after step " + t);
      }
    }
  }
}
