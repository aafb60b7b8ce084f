package org.chatvla4j.world.dataset;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalConfig;
import org.chatvla4j.world.oracle.PushOracle;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.vqa.QuestionFamily;

/**
 * What {@code chatvla world generate} makes: how many successful oracle episodes, of which families (taken in turn),
 * with which blocks, from which seed, at which frame size, with how many questions per captured scene, with how much
 * action noise, and on how many threads. The threads change only the speed, never the files.
 *
 * @param episodes successful episodes to keep (failed attempts are dropped and counted)
 * @param families task families, cycled over attempts in this order
 * @param blockSet the blocks on the table (N_CHOOSE_K draws from its training split)
 * @param seed base seed; attempt {@code i} resets with {@code RolloutRunner.episodeSeed(seed, i)}
 * @param imageSize camera frame size (Language-Table: 180 × 320)
 * @param questionsPerScene CLEVR-style questions asked about each captured scene
 * @param laterScenes scenes captured per episode besides the reset scene (evenly spread, the last one the final scene)
 * @param maxSteps control steps before an attempt counts as failed
 * @param actionNoise standard deviation (m) of the zero-mean Gaussian noise added per axis to every executed oracle
 *     action while the clean action stays the label (DART, {@link DartPolicy}); 0 records the oracle's own path
 * @param threads worker threads that run and render episodes
 * @param questionFamilies the question families asked about the captured scenes ({@link QuestionFamily#standard} by
 *     default; world.json records another set)
 */
public record GenerateConfig(
    int episodes,
    List<TaskFamily> families,
    BlockSet blockSet,
    long seed,
    ImageSize imageSize,
    int questionsPerScene,
    int laterScenes,
    int maxSteps,
    double actionNoise,
    int threads,
    Set<QuestionFamily> questionFamilies) {

  /**
   * Attempts allowed per requested episode before generation stops: the oracle solves ≥ 98 % of attempts up to
   * {@code actionNoise} 0.005 and 60 % at 0.02 (DartNoiseSweep, 200 episodes), so 4 is generous.
   */
  public static final int MAX_ATTEMPTS_PER_EPISODE = 4;

  /**
   * {@code actionNoise} must stay below this: the oracle's longest step ({@link PushOracle#MAX_STEP}, 0.035 m). With
   * noise as large as the steps themselves the executed path is mostly noise, no longer near the oracle's, and the
   * env's ±0.1 m action clip ({@code Workspace.MAX_ACTION}) starts to cut the noise's tails (3σ = 0.105 m there).
   */
  public static final double MAX_ACTION_NOISE = PushOracle.MAX_STEP;

  public GenerateConfig {
    positive("episodes", episodes, "--episodes");
    if (families == null || families.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one task family is needed (--families); valid: " + List.of(TaskFamily.values()));
    }
    families = List.copyOf(families);
    if (families.stream().distinct().count() != families.size()) {
      throw new IllegalArgumentException("task families are listed twice: " + families + "; name each once");
    }
    if (blockSet == null) {
      throw new IllegalArgumentException("a block set is needed (--blocks); valid: " + List.of(BlockSet.values()));
    }
    if (imageSize == null) {
      throw new IllegalArgumentException("an image size is needed (--size HxW, e.g. 180x320)");
    }
    positive("questionsPerScene", questionsPerScene, "--questions-per-scene");
    if (laterScenes < 0) {
      throw new IllegalArgumentException("laterScenes must be >= 0 (scenes captured after the reset one), got " + laterScenes);
    }
    positive("maxSteps", maxSteps, "--max-steps");
    if (!(actionNoise >= 0 && actionNoise < MAX_ACTION_NOISE)) { // also refuses NaN
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "actionNoise must be a standard deviation in metres in [0, %.3f), below the oracle's longest step"
              + " (--action-noise), got %s; 0 turns the noise off, DART-style runs use a fraction of a step"
              + " such as 0.005", MAX_ACTION_NOISE, actionNoise));
    }
    positive("threads", threads, "--threads");
    if (questionFamilies == null || questionFamilies.isEmpty()) {
      throw new IllegalArgumentException("at least one question family is needed (--question-families); valid: "
          + QuestionFamily.keys());
    }
    questionFamilies = Collections.unmodifiableSet(EnumSet.copyOf(questionFamilies));
  }

  /** Language-Table's defaults: the five eval families, BLOCK_8, 180 × 320, 5 questions on 3 scenes per episode. */
  public static GenerateConfig defaults(int episodes) {
    return new GenerateConfig(
        episodes,
        TaskFamily.EVAL_FAMILIES,
        BlockSet.BLOCK_8,
        0,
        ImageSize.languageTable(),
        5,
        2,
        EvalConfig.DEFAULT_MAX_STEPS,
        0,
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
        QuestionFamily.standard());
  }

  /** The family of attempt {@code i}: families are taken in turn. */
  public TaskFamily familyOf(int attempt) {
    return families.get(attempt % families.size());
  }

  public int maxAttempts() {
    return episodes * MAX_ATTEMPTS_PER_EPISODE;
  }

  public GenerateConfig withFamilies(List<TaskFamily> f) {
    return new GenerateConfig(episodes, f, blockSet, seed, imageSize, questionsPerScene, laterScenes, maxSteps, actionNoise, threads, questionFamilies);
  }

  public GenerateConfig withBlockSet(BlockSet b) {
    return new GenerateConfig(episodes, families, b, seed, imageSize, questionsPerScene, laterScenes, maxSteps, actionNoise, threads, questionFamilies);
  }

  public GenerateConfig withSeed(long s) {
    return new GenerateConfig(episodes, families, blockSet, s, imageSize, questionsPerScene, laterScenes, maxSteps, actionNoise, threads, questionFamilies);
  }

  public GenerateConfig withImageSize(ImageSize size) {
    return new GenerateConfig(episodes, families, blockSet, seed, size, questionsPerScene, laterScenes, maxSteps, actionNoise, threads, questionFamilies);
  }

  public GenerateConfig withQuestionsPerScene(int k) {
    return new GenerateConfig(episodes, families, blockSet, seed, imageSize, k, laterScenes, maxSteps, actionNoise, threads, questionFamilies);
  }

  public GenerateConfig withMaxSteps(int m) {
    return new GenerateConfig(episodes, families, blockSet, seed, imageSize, questionsPerScene, laterScenes, m, actionNoise, threads, questionFamilies);
  }

  public GenerateConfig withActionNoise(double std) {
    return new GenerateConfig(episodes, families, blockSet, seed, imageSize, questionsPerScene, laterScenes, maxSteps, std, threads, questionFamilies);
  }

  public GenerateConfig withQuestionFamilies(Set<QuestionFamily> q) {
    return new GenerateConfig(episodes, families, blockSet, seed, imageSize, questionsPerScene, laterScenes, maxSteps, actionNoise, threads, q);
  }

  public GenerateConfig withThreads(int t) {
    return new GenerateConfig(episodes, families, blockSet, seed, imageSize, questionsPerScene, laterScenes, maxSteps, actionNoise, t, questionFamilies);
  }

  private static void positive(String field, int v, String option) {
    if (v <= 0) {
      throw new IllegalArgumentException(field + " must be positive (" + option + "), got " + v);
    }
  }
}
