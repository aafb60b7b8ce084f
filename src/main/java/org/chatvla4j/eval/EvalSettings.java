package org.chatvla4j.eval;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalConfig;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.vqa.QuestionFamily;

/**
 * What one evaluation measures.
 *
 * @param rollouts the closed-loop protocol (families, episodes per family, step limit, block set, base seed)
 * @param vqaScenes held-out scenes the questions are asked about
 * @param questionsPerScene questions per held-out scene
 * @param imageSize the camera frame size; must be the size the model was trained on
 * @param actionsPerQuery actions executed from each predicted chunk before the model is asked again
 * @param reasoningTokens the reasoning budget per robot query
 * @param answerTokens the answer budget per question (greedy decoding)
 * @param transcripts held-out scenes whose full chat (caption + questions) goes into the report
 * @param questionFamilies the question families asked about the held-out scenes ({@link QuestionFamily#standard} by
 *     default)
 */
public record EvalSettings(
    EvalConfig rollouts,
    int vqaScenes,
    int questionsPerScene,
    ImageSize imageSize,
    int actionsPerQuery,
    int reasoningTokens,
    int answerTokens,
    int transcripts,
    Set<QuestionFamily> questionFamilies) {

  /** XORed into the base seed for the held-out VQA scenes, so they never reuse a rollout layout. */
  public static final long VQA_SCENE_SALT = 0x5CE7E5A17L;

  /**
   * The default rollout seed. Not 0: {@code world generate} defaults to seed 0 and its attempt {@code i} uses the same
   * {@code episodeSeed(seed, i)} layout as eval episode {@code i}, so seed 0 would evaluate on training layouts.
   */
  public static final long DEFAULT_SEED = 1_000_003L;

  public EvalSettings {
    if (rollouts == null) {
      throw new IllegalArgumentException("rollouts (the closed-loop protocol) is required");
    }
    positive("vqaScenes", vqaScenes, "--questions (held-out scenes = questions / questions per scene)");
    positive("questionsPerScene", questionsPerScene, "a positive number of questions per scene");
    if (imageSize == null) {
      throw new IllegalArgumentException("imageSize is required (--size HxW, the frame size the model was trained on)");
    }
    positive("actionsPerQuery", actionsPerQuery, "--actions-per-query");
    positive("reasoningTokens", reasoningTokens, "--reasoning-tokens");
    positive("answerTokens", answerTokens, "--answer-tokens");
    if (transcripts < 0 || transcripts > vqaScenes) {
      throw new IllegalArgumentException("transcripts must be in [0, vqaScenes = " + vqaScenes + "], got " + transcripts);
    }
    if (questionFamilies == null || questionFamilies.isEmpty()) {
      throw new IllegalArgumentException("questionFamilies is empty (--question-families); name at least one");
    }
    questionFamilies = Collections.unmodifiableSet(EnumSet.copyOf(questionFamilies));
  }

  /**
   * The default evaluation: the five eval families × {@code episodes} episodes of ≤ 200 steps with BLOCK_8 from seed
   * {@code seed}, about {@code questions} questions (5 per scene), Language-Table frames, 8 actions per query.
   */
  public static EvalSettings standard(int episodes, int questions, long seed) {
    int perScene = 5;
    int scenes = Math.max(1, (questions + perScene - 1) / perScene);
    return new EvalSettings(
        new EvalConfig(TaskFamily.EVAL_FAMILIES, episodes, EvalConfig.DEFAULT_MAX_STEPS, BlockSet.BLOCK_8, seed),
        scenes, perScene, ImageSize.languageTable(), 8, 32, 12, Math.min(2, scenes), QuestionFamily.standard());
  }

  /** The base seed of the held-out VQA scenes. */
  public long vqaSeed() {
    return rollouts.seed() ^ VQA_SCENE_SALT;
  }

  public EvalSettings withFamilies(List<TaskFamily> families) {
    return withRollouts(rollouts.withFamilies(families));
  }

  public EvalSettings withRollouts(EvalConfig r) {
    return new EvalSettings(r, vqaScenes, questionsPerScene, imageSize, actionsPerQuery, reasoningTokens, answerTokens, transcripts, questionFamilies);
  }

  public EvalSettings withQuestionFamilies(Set<QuestionFamily> families) {
    return new EvalSettings(rollouts, vqaScenes, questionsPerScene, imageSize, actionsPerQuery, reasoningTokens, answerTokens,
        transcripts, families);
  }

  public EvalSettings withImageSize(ImageSize size) {
    return new EvalSettings(rollouts, vqaScenes, questionsPerScene, size, actionsPerQuery, reasoningTokens, answerTokens, transcripts, questionFamilies);
  }

  public EvalSettings withVqa(int scenes, int perScene, int transcriptCount) {
    return new EvalSettings(rollouts, scenes, perScene, imageSize, actionsPerQuery, reasoningTokens, answerTokens, transcriptCount, questionFamilies);
  }

  public EvalSettings withBudgets(int actions, int reasoning, int answer) {
    return new EvalSettings(rollouts, vqaScenes, questionsPerScene, imageSize, actions, reasoning, answer, transcripts, questionFamilies);
  }

  private static void positive(String field, int v, String fix) {
    if (v <= 0) {
      throw new IllegalArgumentException(field + " must be positive (" + fix + "), got " + v);
    }
  }
}
