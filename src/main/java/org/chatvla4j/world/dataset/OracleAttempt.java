package org.chatvla4j.world.dataset;

import java.util.LinkedHashMap;
import java.util.Map;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.oracle.PushOracle;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * One oracle attempt of a generation run: attempt {@code i} resets a training-split env of family {@link
 * GenerateConfig#familyOf}(i) with seed {@link RolloutRunner#episodeSeed}(seed, i), keeping only layouts the oracle
 * can plan (as the eval does), and runs the push oracle for at most {@code maxSteps} steps while recording. With
 * {@link GenerateConfig#actionNoise} above 0 the oracle's actions are executed with noise and recorded clean ({@link
 * DartPolicy}, noise seeded from the attempt's seed), by an oracle that counts arrival within the noise ({@link
 * PushOracle#underNoise}). The outcome depends on the config and {@code i} alone, so
 * attempts can run on any thread in any order.
 */
public record OracleAttempt(int index, TaskFamily family, long seed, EpisodeRecording recording) {
  /** Root attributes of every generated episode file. */
  public static final String FAMILY_ATTRIBUTE = "task_family";

  public static final String SEED_ATTRIBUTE = "seed";
  public static final String ATTEMPT_ATTRIBUTE = "attempt";
  public static final String BLOCK_SET_ATTRIBUTE = "block_set";

  /** The noise std (m), written only when above 0 so that noise-free files stay as they were; absent reads as 0. */
  public static final String ACTION_NOISE_ATTRIBUTE = "action_noise";

  /** Runs attempt {@code index} of {@code config}, rendering frames with {@code renderer} (one per thread). */
  public static OracleAttempt run(GenerateConfig config, int index, SceneRenderer renderer) {
    TaskFamily family = config.familyOf(index);
    long seed = RolloutRunner.episodeSeed(config.seed(), index);
    TabletopEnv env = new TabletopEnv(config.blockSet(), family, true, null, PushOracle::canPlan);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(FAMILY_ATTRIBUTE, family.id());
    attributes.put(SEED_ATTRIBUTE, Long.toString(seed));
    attributes.put(ATTEMPT_ATTRIBUTE, Integer.toString(index));
    attributes.put(BLOCK_SET_ATTRIBUTE, config.blockSet().name());
    if (config.actionNoise() > 0) {
      attributes.put(ACTION_NOISE_ATTRIBUTE, Double.toString(config.actionNoise()));
    }
    DartPolicy policy = new DartPolicy(PushOracle.underNoise(env::task, config.actionNoise()), config.actionNoise(), DartPolicy.noiseSeed(seed));
    EpisodeRecording recording = new EpisodeRecording(renderer, attributes, policy::label);
    RolloutRunner.runEpisode(env, policy, family, index, seed, config.maxSteps(), recording);
    return new OracleAttempt(index, family, seed, recording);
  }

  public boolean success() {
    return recording.success();
  }
}
