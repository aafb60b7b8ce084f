package org.chatvla4j.world.eval;

import java.util.List;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;

/**
 * What a rollout evaluation runs: which families, how many episodes of each, the step limit, the block set and the
 * base seed. {@link #OFFICIAL} is Language-Table's protocol ({@code eval/main.py}): the five eval families × 50
 * episodes, ≤ 200 steps, BLOCK_8, seed 0. N_CHOOSE_K episodes draw from the test split.
 */
public record EvalConfig(
    List<TaskFamily> families, int episodesPerFamily, int maxSteps, BlockSet blockSet, long seed) {
  public static final int DEFAULT_EPISODES = 50;
  public static final int DEFAULT_MAX_STEPS = 200;

  public static final EvalConfig OFFICIAL =
      new EvalConfig(TaskFamily.EVAL_FAMILIES, DEFAULT_EPISODES, DEFAULT_MAX_STEPS, BlockSet.BLOCK_8, 0);

  public EvalConfig {
    if (families == null || families.isEmpty()) {
      throw new IllegalArgumentException("at least one task family is needed; valid: " + List.of(TaskFamily.values()));
    }
    families = List.copyOf(families);
    if (families.stream().distinct().count() != families.size()) {
      throw new IllegalArgumentException("task families are listed twice: " + families);
    }
    if (episodesPerFamily <= 0) {
      throw new IllegalArgumentException("episodes per family must be positive, got " + episodesPerFamily);
    }
    if (maxSteps <= 0) {
      throw new IllegalArgumentException("max steps must be positive, got " + maxSteps);
    }
    if (blockSet == null) {
      throw new IllegalArgumentException("a block set is needed; valid: " + List.of(BlockSet.values()));
    }
  }

  public EvalConfig withEpisodes(int n) {
    return new EvalConfig(families, n, maxSteps, blockSet, seed);
  }

  public EvalConfig withFamilies(List<TaskFamily> f) {
    return new EvalConfig(f, episodesPerFamily, maxSteps, blockSet, seed);
  }

  public EvalConfig withBlockSet(BlockSet b) {
    return new EvalConfig(families, episodesPerFamily, maxSteps, b, seed);
  }

  public EvalConfig withSeed(long s) {
    return new EvalConfig(families, episodesPerFamily, maxSteps, blockSet, s);
  }

  public EvalConfig withMaxSteps(int m) {
    return new EvalConfig(families, episodesPerFamily, m, blockSet, seed);
  }
}
