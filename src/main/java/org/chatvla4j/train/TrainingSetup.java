package org.chatvla4j.train;

import java.nio.file.Path;
import java.util.List;
import org.chatvla4j.tensor.Device;

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
 * @param device where the model, its batches, noise and timesteps live ({@code --device}; CPU by default)
 */
public record TrainingSetup(Recipe recipe, Path dataRoot, Path runDir, BatchSourceFactory sources, List<EvalHook> evalHooks,
    TrainingProgress progress, Device device) {
  public TrainingSetup {
    evalHooks = List.copyOf(evalHooks);
    java.util.Objects.requireNonNull(device, "device (use Device.CPU)");
  }

  /** A run on the CPU. */
  public TrainingSetup(Recipe recipe, Path dataRoot, Path runDir, BatchSourceFactory sources, List<EvalHook> evalHooks,
      TrainingProgress progress) {
    this(recipe, dataRoot, runDir, sources, evalHooks, progress, Device.CPU);
  }
}
