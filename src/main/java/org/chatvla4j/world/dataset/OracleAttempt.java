package org.chatvla4j.world.dataset;

import java.util.Map;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.oracle.PushOracle;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * One oracle attempt of a generation run: attempt {@code i} resets a training-split env of family {@link
 * GenerateConfig#familyOf}(i) with seed {@link RolloutRunner#episodeSeed}(seed, i), keeping only layouts the oracle
 * can plan (as the eval does), and runs the push oracle for at most {@code maxSteps} steps while recording. The
 * outcome depends on the config and {@code i} alone, so attempts can run on any thread in any order.
 */
public record OracleAttempt(int index, TaskFamily family, long seed, EpisodeRecording recording) {
  /** Root attributes of every generated episode file. */
  public static final String FAMILY_ATTRIBUTE = "task_family";

  public static final String SEED_ATTRIBUTE = "seed";
  public static final String ATTEMPT_ATTRIBUTE = "attempt";
  public static final String BLOCK_SET_ATTRIBUTE = "block_set";

  /** Runs attempt {@code index} of {@code config}, rendering frames with {@code renderer} (one per thread). */
  public static OracleAttempt run(GenerateConfig config, int index, SceneRenderer renderer) {
    TaskFamily family = config.familyOf(index);
    long seed = RolloutRunner.episodeSeed(config.seed(), index);
    TabletopEnv env = new TabletopEnv(config.blockSet(), family, true, null, PushOracle::canPlan);
    EpisodeRecording recording =
        new EpisodeRecording(
            renderer,
            Map.of(
                FAMILY_ATTRIBUTE, family.id(),
                SEED_ATTRIBUTE, Long.toString(seed),
                ATTEMPT_ATTRIBUTE, Integer.toString(index),
                BLOCK_SET_ATTRIBUTE, config.blockSet().name()));
    RolloutRunner.runEpisode(env, new PushOracle(env::task), family, index, seed, config.maxSteps(), recording);
    return new OracleAttempt(index, family, seed, recording);
  }

  public boolean success() {
    return recording.success();
  }
}
