package org.chatvla4j.model.action;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.Presets;
import org.chatvla4j.config.SchedulerConfig;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.model.diffusion.DdimScheduler;
import org.chatvla4j.nn.AdamW;
import org.chatvla4j.nn.AdamWConfig;
import org.chatvla4j.nn.Init;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** The §3.4 conditioning, the masked diffusion loss, DDIM sampling wiring and a one-batch overfit of the tiny head. */
class ActionHeadTest {
  private static final ScaleDpConfig TINY = Presets.tiny().actionHead().orElseThrow();
  private static final int B = 3, LP = 6, LR = 4;
  private static final int D = TINY.condDim(), A = TINY.predictionHorizon(), DA = TINY.actionDim(), DS = TINY.stateDim();
  /** Valid prompt / reasoning lengths per sample (the rest is right padding). */
  private static final int[] PROMPT_LEN = {6, 3, 5}, REASONING_LEN = {4, 1, 2};

  private static Tensor mask(int[] lengths, int width) {
    float[] m = new float[lengths.length * width];
    for (int b = 0; b < lengths.length; b++) {
      for (int i = 0; i < lengths[b]; i++) {
        m[b * width + i] = 1;
      }
    }
    return Tensors.fromFloats(m, lengths.length, width);
  }

  private static ActionHeadInputs inputs(SplittableRandom r) {
    return new ActionHeadInputs(
        Tensors.fromFloats(TestData.gaussian(r, B * LP * D), B, LP, D), mask(PROMPT_LEN, LP),
        Tensors.fromFloats(TestData.gaussian(r, B * LR * D), B, LR, D), mask(REASONING_LEN, LR),
        Tensors.fromFloats(TestData.gaussian(r, B * DS), B, DS));
  }

  @Test
  void maskedMeanMatchesAPlainLoop() {
    SplittableRandom r = new SplittableRandom(1);
    float[] x = TestData.gaussian(r, B * LP * D);
    try (Scope s = Scope.open()) {
      float[] mean = Tensors.toFloats(ActionProjector.maskedMean(Tensors.fromFloats(x, B, LP, D), mask(PROMPT_LEN, LP)));
      for (int b = 0; b < B; b++) {
        for (int d = 0; d < D; d++) {
          double sum = 0;
          for (int i = 0; i < PROMPT_LEN[b]; i++) {
            sum += x[(b * LP + i) * D + d];
          }
          assertEquals(sum / PROMPT_LEN[b], mean[b * D + d], 1e-5);
        }
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ActionProjector.maskedMean(Tensors.fromFloats(x, B, LP, D), mask(new int[] {6, 0, 5}, LP)));
      assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
    }
  }

  @Test
  void zeroInitialisedFilmMakesTheConditionIndependentOfTheReasoning() {
    SplittableRandom r = new SplittableRandom(2);
    try (Scope s = Scope.open()) {
      ActionHead head = new ActionHead(Init.cpu(DType.F32, 7), TINY, SchedulerConfig.chatVla());
      ActionHeadInputs in = inputs(r);
      ActionHeadInputs otherReasoning = new ActionHeadInputs(in.prompt(), in.promptMask(),
          Tensors.fromFloats(TestData.gaussian(r, B * LR * D), B, LR, D), mask(new int[] {2, 4, 3}, LR), in.state());
      float[] cond = Tensors.toFloats(head.condition(in));
      assertArrayEquals(cond, Tensors.toFloats(head.condition(otherReasoning)));
      ActionProjector inputProj = (ActionProjector) head.modules().get("input_action_proj");
      float[] expected = Tensors.toFloats(
          inputProj.forward(in.prompt(), in.promptMask()).add(ActionProjector.maskedMean(in.prompt(), in.promptMask())));
      assertEquals(B * D, cond.length);
      for (int i = 0; i < cond.length; i++) {
        assertEquals(expected[i], cond[i], 1e-6, "element " + i);
      }
    }
  }

  @Test
  void maskedMseAveragesOverNonPaddedElementsOnly() {
    SplittableRandom r = new SplittableRandom(3);
    float[] pred = TestData.gaussian(r, B * A * DA), target = TestData.gaussian(r, B * A * DA);
    boolean[] pad = new boolean[B * A];
    float[] padF = new float[B * A];
    for (int b = 0; b < B; b++) {
      for (int a = A - b * 3; a < A; a++) {
        pad[b * A + a] = true;
        padF[b * A + a] = 1;
      }
    }
    double sum = 0;
    int valid = 0;
    for (int i = 0; i < pred.length; i++) {
      if (!pad[i / DA]) {
        sum += (pred[i] - target[i]) * (double) (pred[i] - target[i]);
        valid++;
      }
    }
    try (Scope s = Scope.open()) {
      Tensor isPad = Tensors.fromFloats(padF, B, A);
      float loss = Tensors.toFloats(ActionHead.maskedMse(Tensors.fromFloats(pred, B, A, DA), Tensors.fromFloats(target, B, A, DA), isPad))[0];
      assertEquals(sum / valid, loss, 1e-6);
      // garbage on padded steps changes nothing
      float[] pred2 = pred.clone(), target2 = target.clone();
      for (int i = 0; i < pred.length; i++) {
        if (pad[i / DA]) {
          pred2[i] = 1e3f;
          target2[i] = -7f;
        }
      }
      assertEquals(loss, Tensors.toFloats(ActionHead.maskedMse(
          Tensors.fromFloats(pred2, B, A, DA), Tensors.fromFloats(target2, B, A, DA), isPad))[0]);
      // all padding: zero, not NaN
      assertEquals(0f, Tensors.toFloats(ActionHead.maskedMse(Tensors.fromFloats(pred, B, A, DA),
          Tensors.fromFloats(target, B, A, DA), Tensors.fromFloats(filled(B * A, 1), B, A)))[0]);
    }
  }

  /**
   * At init ε̂ = 0, which pins the normalisation to a number. The padded-action invariance holds exactly here; after
   * training, padded steps still reach valid steps' ε̂ through bidirectional attention (as in the reference, which
   * zero-pads), so the general guarantee is the reduction's, tested in {@link #maskedMseAveragesOverNonPaddedElementsOnly}.
   */
  @Test
  void initialLossIsTheMeanSquaredNoiseOverNonPaddedStepsIndependentOfPaddedActions() {
    SplittableRandom r = new SplittableRandom(4);
    float[] actions = TestData.uniform(r, B * A * DA, 1), noise = TestData.gaussian(r, B * A * DA);
    float[] padF = new float[B * A];
    padF[A - 1] = 1;
    padF[2 * A - 1] = 1;
    padF[2 * A - 2] = 1;
    double sum = 0;
    int valid = 0;
    for (int i = 0; i < noise.length; i++) {
      if (padF[i / DA] == 0) {
        sum += noise[i] * (double) noise[i];
        valid++;
      }
    }
    try (Scope s = Scope.open()) {
      ActionHead head = new ActionHead(Init.cpu(DType.F32, 8), TINY, SchedulerConfig.chatVla());
      ActionHeadInputs in = inputs(r);
      Tensor t = Tensors.fromLongs(new long[] {3, 50, 97}, B);
      float loss = Tensors.toFloats(head.computeLoss(in, Tensors.fromFloats(actions, B, A, DA), Tensors.fromFloats(padF, B, A),
          Tensors.fromFloats(noise, B, A, DA), t))[0];
      // adaLN-Zero: ε̂ = 0 at init, so the loss is Σ ε² over non-padded elements / their number
      assertEquals(sum / valid, loss, 1e-5);
      float[] changed = actions.clone();
      for (int i = 0; i < changed.length; i++) {
        if (padF[i / DA] == 1) {
          changed[i] = 0.5f;
        }
      }
      assertEquals(loss, Tensors.toFloats(head.computeLoss(in, Tensors.fromFloats(changed, B, A, DA), Tensors.fromFloats(padF, B, A),
          Tensors.fromFloats(noise, B, A, DA), t))[0]);
    }
  }

  @Test
  void sampleActionsRunsTenDdimStepsUnderOneCondition() {
    SplittableRandom r = new SplittableRandom(5);
    float[] noise = TestData.gaussian(r, B * A * DA);
    try (Scope s = Scope.open()) {
      ActionHead head = new ActionHead(Init.cpu(DType.F32, 9), TINY, SchedulerConfig.chatVla());
      ActionHeadInputs in = inputs(r);
      Tensor chunk = head.sampleActions(in, Tensors.fromFloats(noise, B, A, DA));
      assertFalse(chunk.requires_grad(), "sampling must not record a graph");
      float[] sampled = Tensors.toFloats(chunk);
      // ε̂ = 0 at init: the same ten steps driven by the scheduler alone must give the same chunk
      DdimScheduler ddim = new DdimScheduler(SchedulerConfig.chatVla());
      Tensor x = Tensors.fromFloats(noise, B, A, DA);
      Tensor zero = Tensors.fromFloats(new float[B * A * DA], B, A, DA);
      for (long t : ddim.inferenceTimesteps()) {
        x = ddim.step(zero, Tensors.fromLongs(new long[] {t, t, t}, B), x).prevSample();
      }
      assertArrayEquals(Tensors.toFloats(x), sampled);
      // deterministic: same inputs and noise, bitwise the same chunk
      assertArrayEquals(sampled, Tensors.toFloats(head.sampleActions(in, Tensors.fromFloats(noise, B, A, DA))));
      assertThrows(IllegalArgumentException.class,
          () -> head.sampleActions(in, Tensors.fromFloats(new float[B * A * 3], B, A, 3)));
    }
  }

  @Test
  void kNoiseDrawsPerSampleGiveTheMeanOfKSingleDrawLosses() {
    SplittableRandom r = new SplittableRandom(9);
    int k = 3;
    try (Scope s = Scope.open()) {
      ActionHead head = new ActionHead(Init.cpu(DType.F32, 4), TINY, SchedulerConfig.chatVla());
      // Non-zero adaLN and output weights, so the noise and timestep matter to ε̂ and the losses differ per draw.
      for (var p : head.parameters().values()) {
        p.tensor().detach().copy_(Tensors.fromFloats(TestData.gaussian(r, (int) p.tensor().numel()), p.tensor().sizes().vec().get()).mul(Tensors.scalar(0.05)));
      }
      ActionHeadInputs in = inputs(r);
      Tensor actions = Tensors.fromFloats(TestData.uniform(r, B * A * DA, 1), B, A, DA);
      float[] pad = new float[B * A];
      pad[A - 1] = 1; // the first sample's last step is padding
      Tensor isPad = Tensors.fromFloats(pad, B, A);
      float[] eps = TestData.gaussian(r, B * k * A * DA);
      long[] t = new long[B * k];
      for (int i = 0; i < t.length; i++) {
        t[i] = r.nextInt(100);
      }
      double together = head.computeLoss(in, actions, isPad, Tensors.fromFloats(eps, B * k, A, DA), Tensors.fromLongs(t, B * k)).item_double();
      double sum = 0;
      for (int d = 0; d < k; d++) {
        float[] one = new float[B * A * DA];
        long[] oneT = new long[B];
        for (int b = 0; b < B; b++) {
          System.arraycopy(eps, (b * k + d) * A * DA, one, b * A * DA, A * DA);
          oneT[b] = t[b * k + d];
        }
        sum += head.computeLoss(in, actions, isPad, Tensors.fromFloats(one, B, A, DA), Tensors.fromLongs(oneT, B)).item_double();
      }
      assertEquals(sum / k, together, 1e-6);
      assertTrue(together > 0.01, "the check needs a non-trivial loss: " + together);
      var e = assertThrows(IllegalArgumentException.class,
          () -> head.computeLoss(in, actions, isPad, Tensors.fromFloats(new float[(B + 1) * A * DA], B + 1, A, DA), Tensors.fromLongs(new long[B + 1], B + 1)));
      assertTrue(e.getMessage().contains("K·B rows"), e.getMessage());
    }
  }

  @Test
  void readoutLossIsTheConditionsFirstChannelsAgainstTheFirstActionAndLeavesTheDiffusionLossAlone() {
    SplittableRandom r = new SplittableRandom(12);
    int k = 2;
    try (Scope s = Scope.open()) {
      ActionHead head = new ActionHead(Init.cpu(DType.F32, 5), TINY, SchedulerConfig.chatVla());
      for (var p : head.parameters().values()) {
        p.tensor().detach().copy_(Tensors.fromFloats(TestData.gaussian(r, (int) p.tensor().numel()), p.tensor().sizes().vec().get()).mul(Tensors.scalar(0.05)));
      }
      ActionHeadInputs in = inputs(r);
      float[] a = TestData.uniform(r, B * A * DA, 1);
      Tensor actions = Tensors.fromFloats(a, B, A, DA);
      Tensor isPad = Tensors.fromFloats(new float[B * A], B, A);
      Tensor noise = Tensors.fromFloats(TestData.gaussian(r, B * k * A * DA), B * k, A, DA);
      Tensor t = Tensors.fromLongs(new long[] {3, 40, 71, 99, 0, 55}, B * k);
      ActionHead.Losses losses = head.computeLosses(in, actions, isPad, noise, t);
      assertEquals(head.computeLoss(in, actions, isPad, noise, t).item_double(), losses.diffusion().item_double(), 0.0);
      // mean over B·Da of (cond[b, j] − a[b, 0, j])², written out
      float[] cond = Tensors.toFloats(head.policyHead().encodeCondition(head.condition(in), in.state()));
      int n = TINY.nEmb();
      double sum = 0;
      for (int b = 0; b < B; b++) {
        for (int j = 0; j < DA; j++) {
          double d = cond[b * n + j] - a[(b * A) * DA + j];
          sum += d * d;
        }
      }
      assertEquals(sum / (B * DA), losses.readout().item_double(), 1e-6);
      assertTrue(losses.readout().item_double() > 0.01, "the check needs a non-trivial loss: " + losses.readout().item_double());
      // The readout trains the condition path: after one backward the condition's projector has a gradient.
      losses.readout().backward();
      Tensor g = head.parameters().get("policy_head.cond_obs_emb.weight").tensor().grad();
      assertTrue(g.defined() && g.abs().sum().item_double() > 0, "cond_obs_emb gets no gradient from the readout loss");
    }
  }

  @Test
  void tinyHeadOverfitsOneBatch() {
    SplittableRandom r = new SplittableRandom(6);
    try (Scope s = Scope.open()) {
      ActionHead head = new ActionHead(Init.cpu(DType.F32, 10), TINY, SchedulerConfig.chatVla());
      ActionHeadInputs in = inputs(r);
      Tensor actions = Tensors.fromFloats(TestData.uniform(r, B * A * DA, 1), B, A, DA);
      Tensor isPad = Tensors.fromFloats(new float[B * A], B, A);
      Tensor noise = Tensors.fromFloats(TestData.gaussian(r, B * A * DA), B, A, DA);
      Tensor t = Tensors.fromLongs(new long[] {10, 45, 80}, B);
      AdamW opt = new AdamW(head, new AdamWConfig(1e-3, 0.9, 0.999, 1e-8, 0.0));
      float first = Float.NaN, last = Float.NaN;
      int steps = 0;
      for (; steps < 300; steps++) {
        try (Scope step = Scope.open()) {
          opt.zeroGrad();
          Tensor loss = head.computeLoss(in, actions, isPad, noise, t);
          loss.backward();
          opt.step();
          last = loss.item_float();
          if (steps == 0) {
            first = last;
          }
        }
        if (last <= first / 10) {
          break;
        }
      }
      assertTrue(last <= first / 10, "loss " + first + " -> " + last + " after " + steps + " steps");
      System.out.printf("tiny head overfit: loss %.4f -> %.5f in %d AdamW steps%n", first, last, steps + 1);
    }
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, v);
    return a;
  }
}
