package org.chatvla4j.world.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.chatvla4j.data.Episode;
import org.chatvla4j.data.EpisodeWriter;
import org.chatvla4j.world.EpisodeListener;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.Policy;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.StepResult;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.Workspace;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.oracle.PushOracle;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.SceneRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DART noise in generation: without noise an attempt is the plain oracle rollout byte for byte; with it, the labels are
 * the oracle's clean actions for the states the noisy execution actually reached, checked against an independent
 * replay that draws the same noise.
 */
class DartPolicyTest {
  static final GenerateConfig CONFIG =
      GenerateConfig.defaults(3)
          .withFamilies(List.of(TaskFamily.BLOCK2BLOCK, TaskFamily.SEPARATE, TaskFamily.BLOCK2ABSOLUTELOCATION))
          .withImageSize(new ImageSize(45, 80))
          .withSeed(11)
          .withThreads(1);
  static final double NOISE = 0.005;
  static final SceneRenderer RENDERER = SceneRenderer.languageTable(CONFIG.imageSize());

  @TempDir Path tmp;

  @Test
  void withoutNoiseAnAttemptIsThePlainOracleRolloutByteForByte() throws IOException {
    for (int index = 0; index < 3; index++) {
      OracleAttempt attempt = OracleAttempt.run(CONFIG, index, RENDERER);
      // The same episode recorded the way generation did before DartPolicy existed: the bare oracle, executed labels.
      TaskFamily family = CONFIG.familyOf(index);
      long seed = RolloutRunner.episodeSeed(CONFIG.seed(), index);
      TabletopEnv env = new TabletopEnv(CONFIG.blockSet(), family, true, null, PushOracle::canPlan);
      EpisodeRecording plain = new EpisodeRecording(RENDERER, attempt.recording().episode().attributes());
      RolloutRunner.runEpisode(env, new PushOracle(env::task), family, index, seed, CONFIG.maxSteps(), plain);

      Episode a = attempt.recording().episode();
      Episode b = plain.episode();
      assertFalse(a.attributes().containsKey(OracleAttempt.ACTION_NOISE_ATTRIBUTE), a.attributes().toString());
      assertEquals(b, a);
      Path fa = tmp.resolve("a" + index + ".hdf5");
      Path fb = tmp.resolve("b" + index + ".hdf5");
      EpisodeWriter.write(a, fa);
      EpisodeWriter.write(b, fb);
      assertArrayEquals(Files.readAllBytes(fb), Files.readAllBytes(fa), "file of attempt " + index);
      // The action is still the pre-DART formula: the target's move between consecutive recorded scenes, bit for bit.
      float[][] actions = a.actions();
      assertTrue(actions.length > 5, "steps " + actions.length);
      for (int t = 0; t < actions.length; t++) {
        SceneState before = attempt.recording().scene(t);
        SceneState after = attempt.recording().scene(t + 1);
        assertEquals((float) (after.targetX() - before.targetX()), actions[t][0], 0.0, "dx " + t);
        assertEquals((float) (after.targetY() - before.targetY()), actions[t][1], 0.0, "dy " + t);
      }
    }
  }

  @Test
  void withNoiseTheLabelsAreTheOraclesCleanActionsOnThePerturbedPath() {
    GenerateConfig noisy = CONFIG.withActionNoise(NOISE);
    int steps = 0;
    int moved = 0;
    double gapSum = 0;
    for (int index = 0; index < 3; index++) {
      OracleAttempt attempt = OracleAttempt.run(noisy, index, RENDERER);
      Episode e = attempt.recording().episode();
      assertEquals("0.005", e.attributes().get(OracleAttempt.ACTION_NOISE_ATTRIBUTE));
      float[][] actions = e.actions();
      float[][] qpos = e.qpos();
      int length = actions.length;
      assertTrue(length > 5, "steps " + length);

      // Replay: the oracle asked at each reached state, its action executed with the same seeded noise.
      TabletopEnv env = new TabletopEnv(noisy.blockSet(), attempt.family(), true, null, PushOracle::canPlan);
      Observation obs = env.reset(attempt.seed());
      PushOracle oracle = PushOracle.underNoise(env::task, NOISE);
      Random noise = new Random(DartPolicy.noiseSeed(attempt.seed()));
      boolean success = false;
      for (int t = 0; t < length; t++) {
        SceneState s = obs.scene();
        assertArrayEquals(
            new float[] {(float) s.effectorX(), (float) s.effectorY(), (float) s.targetX(), (float) s.targetY()},
            qpos[t], "qpos " + t + " of attempt " + index + " is the state the noisy execution reached");
        double[] clean = oracle.act(obs)[0];
        assertEquals(oracle.reasoning().orElseThrow(), e.substepReasonings().get(t), "reasoning " + t);
        double[] cleanTarget = Workspace.commandedTarget(s.targetX(), s.targetY(), clean);
        assertArrayEquals(
            new float[] {(float) (cleanTarget[0] - s.targetX()), (float) (cleanTarget[1] - s.targetY())},
            actions[t], "action " + t + " is the oracle's clean action");
        double[] executed = {clean[0] + NOISE * noise.nextGaussian(), clean[1] + NOISE * noise.nextGaussian()};
        StepResult r = env.step(executed);
        SceneState after = r.observation().scene();
        double gap = Math.hypot(after.targetX() - cleanTarget[0], after.targetY() - cleanTarget[1]);
        gapSum += gap;
        moved += gap > 1e-4 ? 1 : 0;
        steps++;
        obs = r.observation();
        success = r.success();
      }
      assertEquals(attempt.success(), success);
      assertEquals(attempt.recording().scene(length), obs.scene(), "final scene");
    }
    // Executed moves differ from the recorded ones on nearly every step, by about E|N(0, σ²I₂)| = σ·√(π/2) = 6.27 mm.
    assertTrue(moved >= 0.9 * steps, moved + " of " + steps + " steps moved off the label");
    double meanGap = gapSum / steps;
    double expected = NOISE * Math.sqrt(Math.PI / 2);
    assertEquals(expected, meanGap, 0.2 * expected, "mean |executed − label| over " + steps + " steps");
  }

  @Test
  void theNoisyPathLeavesTheCleanOneAfterTheFirstStep() {
    Episode clean = OracleAttempt.run(CONFIG, 0, RENDERER).recording().episode();
    Episode noisy = OracleAttempt.run(CONFIG.withActionNoise(NOISE), 0, RENDERER).recording().episode();
    assertArrayEquals(clean.qpos()[0], noisy.qpos()[0], "same reset");
    int common = Math.min(clean.length(), noisy.length());
    for (int t = 1; t < common; t++) {
      assertFalse(Arrays.equals(clean.qpos()[t], noisy.qpos()[t]), "step " + t + " of the noisy path is off the clean one");
    }
  }

  @Test
  void underNoiseTheOracleStopsCirclingThePreBlockPoint() {
    // The plain oracle waits to come within 1 mm of the pre-block point, which 5 mm noise rarely grants: on these six
    // attempts it spends 703 of 757 steps moving behind the block and solves 3. Counting arrival within 2σ: 6 solved,
    // 118 of 227 steps moving behind (55 % on clean oracle data).
    int[] plain = circling(false);
    int[] underNoise = circling(true);
    assertEquals(3, plain[0], "plain oracle successes");
    assertTrue(plain[1] > 0.85 * plain[2], "plain: " + plain[1] + " of " + plain[2] + " steps move behind");
    assertEquals(6, underNoise[0], "successes with the noise-aware arrival test");
    assertTrue(underNoise[1] < 0.6 * underNoise[2], "underNoise: " + underNoise[1] + " of " + underNoise[2]);
    assertTrue(underNoise[2] < plain[2] / 2, "steps " + underNoise[2] + " vs " + plain[2]);
  }

  /** Successes, "Move behind" steps and all steps of attempts 0–5 at {@link #NOISE}. */
  private static int[] circling(boolean noiseAware) {
    int[] out = new int[3];
    for (int index = 0; index < 6; index++) {
      TaskFamily family = CONFIG.familyOf(index);
      long seed = RolloutRunner.episodeSeed(CONFIG.seed(), index);
      TabletopEnv env = new TabletopEnv(CONFIG.blockSet(), family, true, null, PushOracle::canPlan);
      PushOracle oracle = noiseAware ? PushOracle.underNoise(env::task, NOISE) : new PushOracle(env::task);
      EpisodeListener count = new EpisodeListener() {
        @Override
        public void stepped(Step step) {
          out[1] += step.reasoning().startsWith("Move behind") ? 1 : 0;
          out[2]++;
        }
      };
      DartPolicy policy = new DartPolicy(oracle, NOISE, DartPolicy.noiseSeed(seed));
      out[0] += RolloutRunner.runEpisode(env, policy, family, index, seed, CONFIG.maxSteps(), count).success() ? 1 : 0;
    }
    return out;
  }

  /** A supervisor that always answers the same two-step chunk. */
  private static final class FixedChunk implements Policy {
    int resets;

    @Override
    public void reset() {
      resets++;
    }

    @Override
    public double[][] act(Observation o) {
      return new double[][] {{0.01, -0.02}, {0.0, 0.015}};
    }

    @Override
    public Optional<String> reasoning() {
      return Optional.of("Move left.");
    }
  }

  private static EpisodeListener.Step step(int t, double[] action) {
    return new EpisodeListener.Step(null, t, null, action, null, null);
  }

  @Test
  void executesCleanPlusSeededNoiseAndHandsTheCleanActionsOverInOrder() {
    FixedChunk supervisor = new FixedChunk();
    DartPolicy p = new DartPolicy(supervisor, 0.003, 42);
    p.reset();
    assertEquals(1, supervisor.resets);
    double[][] executed = p.act(null);
    Random r = new Random(42);
    assertArrayEquals(new double[] {0.01 + 0.003 * r.nextGaussian(), -0.02 + 0.003 * r.nextGaussian()}, executed[0], 0.0);
    assertArrayEquals(new double[] {0.0 + 0.003 * r.nextGaussian(), 0.015 + 0.003 * r.nextGaussian()}, executed[1], 0.0);
    assertEquals(Optional.of("Move left."), p.reasoning());
    assertArrayEquals(new double[] {0.01, -0.02}, p.label(step(0, executed[0].clone())), 0.0);
    assertArrayEquals(new double[] {0.0, 0.015}, p.label(step(1, executed[1].clone())), 0.0);
    IllegalStateException none = assertThrows(IllegalStateException.class, () -> p.label(step(2, executed[1])));
    assertTrue(none.getMessage().contains("step 2") && none.getMessage().contains("none pending"), none.getMessage());
    // A step from some other rollout is refused rather than mislabelled.
    double[][] again = p.act(null);
    IllegalStateException other =
        assertThrows(IllegalStateException.class, () -> p.label(step(3, new double[] {0.01, -0.02})));
    assertTrue(other.getMessage().contains("DartPolicy"), other.getMessage());
    assertFalse(Arrays.equals(executed[0], again[0]), "fresh noise for the next chunk");
  }

  @Test
  void zeroNoiseExecutesTheSupervisorsActionsUntouched() {
    DartPolicy p = new DartPolicy(new FixedChunk(), 0, 42);
    double[][] executed = p.act(null);
    assertArrayEquals(new double[] {0.01, -0.02}, executed[0], 0.0);
    assertArrayEquals(new double[] {0.0, 0.015}, executed[1], 0.0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new DartPolicy(new FixedChunk(), -1e-3, 0));
    assertTrue(e.getMessage().contains("-0.001"), e.getMessage());
  }
}
