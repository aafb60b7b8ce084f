package org.chatvla4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.nn.AdamW;
import org.chatvla4j.tensor.DType;

/**
 * One checkpoint directory: the HF layout {@link ChatVla#load} reads ({@code config.json}, {@code model.safetensors},
 * {@code tokenizer.json}) plus {@code dataset_stats.json} (what {@code act} un-normalises with), and the training state:
 * {@code optimizer.pt}, {@code trainer_state.json}, {@code recipe.json}, {@code metrics.jsonl}.
 */
public final class TrainingCheckpoint {
  public static final String STATS = "dataset_stats.json";
  public static final String RECIPE = "recipe.json";

  private TrainingCheckpoint() {}

  /** A checkpoint read back for resuming. */
  public record Loaded(Path dir, ChatVla model, Optional<DatasetStats> stats, TrainingState state, Recipe recipe) {
    /** The optimizer moments of the interrupted stage, loaded into a fresh optimizer over the same parameters. */
    public void loadOptimizer(AdamW optimizer) throws IOException {
      OptimizerState.load(optimizer, dir.resolve(OptimizerState.FILE));
    }

    public Path metrics() {
      return dir.resolve(MetricsLog.FILE);
    }
  }

  /** Writes a complete checkpoint of the run at {@code state} through {@code store} (atomically). */
  public static Path write(CheckpointStore store, ChatVla model, Optional<DatasetStats> stats, AdamW optimizer,
      TrainingState state, Recipe recipe, MetricsLog metrics) throws IOException {
    return store.write(state.globalStep(), dir -> {
      model.save(dir);
      if (stats.isPresent()) {
        stats.get().write(dir.resolve(STATS));
      }
      OptimizerState.save(optimizer, dir.resolve(OptimizerState.FILE));
      Files.writeString(dir.resolve(RECIPE), RecipeJson.write(recipe));
      metrics.copyTo(dir.resolve(MetricsLog.FILE));
      // Last: a directory with a trainer state is complete (the rename makes it visible only then anyway).
      Files.writeString(dir.resolve(TrainingState.FILE), state.toJson());
    });
  }

  /** Reads and checks a checkpoint; every problem names the file. */
  public static Loaded read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a checkpoint directory");
    }
    for (String f : new String[] {"config.json", "tokenizer.json", TrainingState.FILE, RECIPE, MetricsLog.FILE}) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IOException(dir.resolve(f) + " is missing: " + dir + " is not a complete training checkpoint");
      }
    }
    Path recipeFile = dir.resolve(RECIPE);
    Recipe recipe;
    try {
      recipe = RecipeJson.parse(Files.readString(recipeFile), recipeFile.toString());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    TrainingState state = TrainingState.read(dir.resolve(TrainingState.FILE));
    state.checkAgainst(recipe, dir.resolve(TrainingState.FILE));
    if (state.stepsDone() > 0 && state.stepsDone() < recipe.stages().get(state.stage()).steps()
        && !Files.isRegularFile(dir.resolve(OptimizerState.FILE))) {
      throw new IOException(dir.resolve(OptimizerState.FILE) + " is missing: the checkpoint is mid-stage and needs the optimizer moments");
    }
    Optional<DatasetStats> stats = Optional.empty();
    if (Files.exists(dir.resolve(STATS))) {
      try {
        stats = Optional.of(DatasetStats.read(dir.resolve(STATS)));
      } catch (IOException | RuntimeException e) {
        throw new IOException(dir.resolve(STATS) + " is unreadable: " + e.getMessage(), e);
      }
    }
    ChatVla model;
    try {
      model = ChatVla.load(dir, DType.F32);
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot load the model of checkpoint " + dir + ": " + e.getMessage(), e);
    }
    return new Loaded(dir, model, stats, state, recipe);
  }
}
