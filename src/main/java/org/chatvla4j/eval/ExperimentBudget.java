package org.chatvla4j.eval;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.chatvla4j.world.TaskFamily;

/**
 * How big {@code experiment paper} runs: data episodes, training steps (a scale of the recipes, or a fixed number per
 * stage), evaluation size, and the points of the forgetting curve.
 *
 * @param name {@code toy}, {@code quick} or {@code full}
 * @param dataEpisodes oracle episodes generated
 * @param stepScale the recipes' steps are multiplied by this (unless {@code stepsPerStage})
 * @param stepsPerStage every stage gets exactly this many steps (the toy budget)
 * @param families the task families evaluated
 * @param episodesPerFamily eval episodes per family
 * @param maxSteps eval step limit
 * @param questions held-out VQA questions per evaluation
 * @param forgettingPoints VQA checks inside stage 1
 * @param forgettingQuestions held-out questions per forgetting check
 */
public record ExperimentBudget(String name, int dataEpisodes, double stepScale, OptionalInt stepsPerStage, List<TaskFamily> families,
    int episodesPerFamily, int maxSteps, int questions, int forgettingPoints, int forgettingQuestions) {
  public static final List<String> NAMES = List.of("toy", "quick", "full");

  public ExperimentBudget {
    if (dataEpisodes <= 0 || episodesPerFamily <= 0 || maxSteps <= 0 || questions <= 0 || forgettingPoints <= 0
        || forgettingQuestions <= 0) {
      throw new IllegalArgumentException("budget " + name + ": every count must be positive");
    }
    if (!(stepScale > 0)) {
      throw new IllegalArgumentException("budget " + name + ": stepScale must be > 0, got " + stepScale);
    }
    families = List.copyOf(families);
  }

  /** The budget called {@code name}; the error lists the known ones. */
  public static ExperimentBudget named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      // The test's budget: the smallest run the code allows to exercise every path (2 steps per stage).
      case "toy" -> new ExperimentBudget("toy", 5, 1, OptionalInt.of(2), List.of(TaskFamily.BLOCK2BLOCK), 1, 4, 4, 1, 2);
      // Measured on 2 cores (tabletop preset at 90x160, 1 training thread, other jobs on the other core): data 98 s,
      // the shared stage 0 265 s, each setting's 3,500 robot steps 1,000-1,175 s (8 noise draws) and its evaluation
      // (30 episodes, 300 questions) 74-128 s: 80 minutes for all six, inside the 90-minute bound.
      case "quick" -> new ExperimentBudget("quick", 200, 1, OptionalInt.empty(), TaskFamily.EVAL_FAMILIES, 6, 200, 300, 5, 60);
      case "full" -> new ExperimentBudget("full", 1000, 4, OptionalInt.empty(), TaskFamily.EVAL_FAMILIES, 50, 200, 1000, 10, 200);
      default -> throw new IllegalArgumentException("unknown budget '" + name + "'; budgets: " + NAMES);
    };
  }
}
