package org.chatvla4j.world.dataset;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.chatvla4j.world.EpisodeListener;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.Policy;

/**
 * DART (Laskey et al. 2017) for a scripted supervisor: executes the supervisor's actions with zero-mean Gaussian noise
 * of standard deviation {@code std} per axis, and hands the supervisor's clean actions to the recording as labels
 * ({@link #label}). A model trained on the oracle's own path never sees the states its own errors lead to; the
 * noise takes the rollout there while the labels still say what the supervisor would do.
 *
 * <p>The supervisor is asked at every chunk with the state actually reached, so its actions (and its reasoning, which
 * it derives from them) are its answers for the perturbed state; a supervisor with exact-arrival tests needs to
 * tolerate the noise (the push oracle: {@code PushOracle.underNoise}). The noise is added to the raw action; the env
 * then clips the sum as it clips any action. With {@code std = 0} actions pass through untouched and nothing is drawn.
 *
 * <p>One instance serves one episode on one thread: the noise comes from a {@link Random} seeded with {@link
 * #noiseSeed}(episode seed), and {@code java.util.Random}'s {@code nextGaussian} is specified exactly (Marsaglia's
 * polar method), so the executed actions, and the files, do not depend on threads, timing or the JDK.
 */
public final class DartPolicy implements Policy {
  /** Separates the noise stream from the env's layout stream, which is seeded with the same episode seed. */
  static final long NOISE_SEED_SALT = 0x4441_5254_4E4FL;

  private final Policy supervisor;
  private final double std;
  private final Random noise;
  private double[][] clean;
  private double[][] executed;
  private int next;

  /**
   * @param supervisor the policy whose actions are the labels (the push oracle)
   * @param std noise standard deviation per axis in metres, finite and {@code >= 0}
   * @param seed seed of the noise (use {@link #noiseSeed} of the episode seed)
   */
  public DartPolicy(Policy supervisor, double std, long seed) {
    this.supervisor = Objects.requireNonNull(supervisor, "supervisor");
    if (!(std >= 0 && Double.isFinite(std))) {
      throw new IllegalArgumentException("noise std must be a finite number of metres >= 0, got " + std);
    }
    this.std = std;
    this.noise = new Random(seed);
  }

  /** The noise seed of the episode reset with {@code episodeSeed}. */
  public static long noiseSeed(long episodeSeed) {
    return episodeSeed ^ NOISE_SEED_SALT;
  }

  @Override
  public void reset() {
    supervisor.reset();
    clean = null;
    executed = null;
    next = 0;
  }

  @Override
  public double[][] act(Observation observation) {
    double[][] chunk = supervisor.act(observation);
    clean = new double[chunk.length][];
    executed = new double[chunk.length][];
    for (int i = 0; i < chunk.length; i++) {
      clean[i] = chunk[i].clone();
      executed[i] = chunk[i].clone();
      if (std > 0) {
        for (int k = 0; k < executed[i].length; k++) {
          executed[i][k] += std * noise.nextGaussian();
        }
      }
    }
    next = 0;
    return Arrays.stream(executed).map(double[]::clone).toArray(double[][]::new);
  }

  @Override
  public Optional<String> reasoning() {
    return supervisor.reasoning();
  }

  /**
   * The clean action behind {@code step}, for {@link EpisodeRecording}'s labels. Steps must arrive in the order the
   * rollout executed this policy's actions; a step whose action is not the next executed one means the recording
   * listens to another rollout than the one this policy drives, and is refused rather than mislabelled.
   */
  public double[] label(EpisodeListener.Step step) {
    if (executed == null || next >= executed.length || !Arrays.equals(executed[next], step.action())) {
      throw new IllegalStateException("step " + step.step() + " did not execute this policy's next action "
          + (executed == null || next >= executed.length ? "(none pending)" : Arrays.toString(executed[next]))
          + " but " + Arrays.toString(step.action()) + "; label a rollout with the DartPolicy that drives it");
    }
    return clean[next++].clone();
  }
}
