package org.chatvla4j.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A training recipe: the initial model and the stages of Phased Alignment Training, run in order on one model.
 *
 * @param name the recipe's name (built-ins: {@code tabletop-chatvla}, ...)
 * @param description one line for {@code --list-recipes}
 * @param model where the first stage's weights come from
 * @param seed seeds the model initialisation, the trainer's noise/timestep generator and each stage's batch order
 * @param stages at least one, run in order
 */
public record Recipe(String name, String description, ModelSpec model, long seed, List<StageSpec> stages) {
  public Recipe {
    stages = List.copyOf(stages);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must be a non-empty string");
    }
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("stages is empty; a recipe needs at least one stage");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < stages.size(); i++) {
      if (!names.add(stages.get(i).name())) {
        throw new IllegalArgumentException("stages[" + i + "].name '" + stages.get(i).name() + "' is used by an earlier stage");
      }
    }
  }

  /** Every stage's steps multiplied by {@code factor} (at least 1 step each), for quicker or longer runs. */
  public Recipe scaled(double factor) {
    if (!(factor > 0) || !Double.isFinite(factor)) {
      throw new IllegalArgumentException("--scale must be a finite number > 0, got " + factor);
    }
    List<StageSpec> out = new ArrayList<>();
    for (StageSpec s : stages) {
      out.add(s.withSteps((int) Math.max(1, Math.round(s.steps() * factor))));
    }
    return new Recipe(name, description, model, seed, out);
  }

  /** Every stage with exactly {@code steps} steps. */
  public Recipe withStepsPerStage(int steps) {
    if (steps <= 0) {
      throw new IllegalArgumentException("--steps-per-stage must be > 0, got " + steps);
    }
    return new Recipe(name, description, model, seed, stages.stream().map(s -> s.withSteps(steps)).toList());
  }

  public Recipe withSeed(long newSeed) {
    return new Recipe(name, description, model, newSeed, stages);
  }

  public int totalSteps() {
    return stages.stream().mapToInt(StageSpec::steps).sum();
  }

  /** Steps of the stages before {@code stage} (the global step at which it starts). */
  public long stepsBefore(int stage) {
    long n = 0;
    for (int i = 0; i < stage; i++) {
      n += stages.get(i).steps();
    }
    return n;
  }
}
