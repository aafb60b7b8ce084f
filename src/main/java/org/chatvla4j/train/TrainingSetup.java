package org.chatvla4j.train;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run needs besides the model.
 *
 * @param recipe the effective recipe (after {@code --scale}, {@code --seed}, ...); on resume it must equal the
 *     checkpoint's
 * @param dataRoot the {@code --data} directory recipe data paths are relative to
 * @param runDir the {@code --out} directory: {@code recipe.json}, {@code metrics.jsonl}, {@code plots/},
 *     {@code checkpoints/}
 * @param sources opens each stage's batches
 * @param evalHooks called every {@code eval_every} steps and at stage ends
 * @param progress where progress goes
 */
public record TrainingSetup(Recipe recipe, Path dataRoot, Path runDir, BatchSourceFactory sources, List<EvalHook> evalHooks,
    TrainingProgress progress) {
  public TrainingSetup {
    evalHooks = List.copyOf(evalHooks);
  }
}
