package org.chatvla4j.world.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.chatvla4j.world.Env;
import org.chatvla4j.world.EpisodeListener;
import org.chatvla4j.world.FrameRenderer;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.Policy;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.StepResult;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.oracle.PushOracle;

/**
 * Closed-loop evaluation in the tabletop world, following {@code eval/main.py}: for each family, {@code
 * episodesPerFamily} seeded episodes of at most {@code maxSteps} control steps; an episode succeeds when the task
 * holds at its end (episodes stop at the first success).
 *
 * <p>Layouts are kept only if the oracle can plan them: the original resets until its RRT {@code get_plan()}
 * succeeds, this runner until {@link PushOracle#canPlan} does (the visibility-graph planner: the pushed block is
 * not within 3 cm of another block's centre, nor the goal, and a route exists). Episode {@code i} uses the seed
 * {@link #episodeSeed}(seed, i) for every family, so the families start from the same layouts where their goals
 * allow.
 */
public final class RolloutRunner {
  /** Makes the policy for an env (the oracle needs the env's privileged task; learned policies ignore it). */
  @FunctionalInterface
  public interface PolicyFactory {
    Policy create(TabletopEnv env);
  }

  /** One episode's outcome. */
  public record EpisodeResult(boolean success, int steps, String instruction) {}

  private final EvalConfig config;
  private FrameRenderer renderer;
  private EpisodeListener listener = new EpisodeListener() {};
  private boolean progress = true;

  public RolloutRunner(EvalConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Renders observations for policies that look at pixels. */
  public RolloutRunner renderer(FrameRenderer r) {
    this.renderer = r;
    return this;
  }

  /** Receives every episode's steps (GIF or HDF5 recording). */
  public RolloutRunner listener(EpisodeListener l) {
    this.listener = Objects.requireNonNull(l, "listener");
    return this;
  }

  /** Whether to draw a progress bar on stderr (default on). */
  public RolloutRunner progress(boolean on) {
    this.progress = on;
    return this;
  }

  /** A well-mixed 64-bit seed for episode {@code i} (SplitMix64 of the pair). */
  public static long episodeSeed(long seed, int episode) {
    long z = seed * 0x9E3779B97F4A7C15L + (episode + 1L) * 0xD1B54A32D192ED03L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public EvalReport run(PolicyFactory policies) {
    int total = config.families().size() * config.episodesPerFamily();
    List<EvalReport.FamilyResult> results = new ArrayList<>();
    try (ProgressBar bar = progress ? progressBar(total) : null) {
      for (TaskFamily family : config.families()) {
        TabletopEnv env = new TabletopEnv(config.blockSet(), family, false, renderer, PushOracle::canPlan);
        Policy policy = policies.create(env);
        int successes = 0;
        long successSteps = 0;
        for (int i = 0; i < config.episodesPerFamily(); i++) {
          long seed = episodeSeed(config.seed(), i);
          EpisodeResult r = runEpisode(env, policy, family, i, seed, config.maxSteps(), listener);
          if (r.success()) {
            successes++;
            successSteps += r.steps();
          }
          if (bar != null) {
            bar.setExtraMessage(family.id() + " " + successes + "/" + (i + 1));
            bar.step();
          }
        }
        results.add(
            new EvalReport.FamilyResult(
                family,
                successes,
                config.episodesPerFamily(),
                successes == 0 ? Double.NaN : (double) successSteps / successes));
      }
    }
    return new EvalReport(config, results);
  }

  private static ProgressBar progressBar(int total) {
    return new ProgressBarBuilder()
        .setTaskName("eval")
        .setInitialMax(total)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(250)
        .build();
  }

  /**
   * Runs one episode: reset with {@code seed}, then ask the policy for chunks and step through them until success or
   * {@code maxSteps}.
   */
  public static EpisodeResult runEpisode(
      Env env, Policy policy, TaskFamily family, int index, long seed, int maxSteps, EpisodeListener listener) {
    Observation obs = env.reset(seed);
    policy.reset();
    EpisodeListener.Episode episode = new EpisodeListener.Episode(family, index, seed, obs.instruction());
    listener.episodeStarted(episode, obs);
    int steps = 0;
    boolean success = false;
    while (steps < maxSteps && !success) {
      double[][] chunk = policy.act(obs);
      if (chunk == null || chunk.length == 0) {
        throw new IllegalStateException("the policy returned an empty action chunk at step " + steps);
      }
      String reasoning = policy.reasoning().orElse(null);
      for (double[] action : chunk) {
        SceneState before = obs.scene();
        StepResult r = env.step(action);
        listener.stepped(new EpisodeListener.Step(episode, steps, before, action.clone(), reasoning, r));
        steps++;
        obs = r.observation();
        success = r.success();
        if (success || steps >= maxSteps) {
          break;
        }
      }
    }
    listener.episodeEnded(episode, obs, success, steps);
    return new EpisodeResult(success, steps, episode.instruction());
  }
}
