package org.chatvla4j.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.chatvla4j.train.CheckpointStore;
import org.chatvla4j.train.EvalHook;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.train.RecipeJson;
import org.chatvla4j.train.Trainer;
import org.chatvla4j.train.TrainingCheckpoint;
import org.chatvla4j.train.TrainingProgress;
import org.chatvla4j.train.TrainingResult;
import org.chatvla4j.train.TrainingSetup;
import org.chatvla4j.train.TrainingState;
import org.chatvla4j.train.data.MixedSources;

/**
 * Trains one recipe into a run directory, or reuses the run when its newest checkpoint already finished the same
 * recipe; an unfinished run with the same recipe is resumed, one with a different recipe is refused.
 */
public final class TrainingRun {
  /** The final checkpoint, whether it was trained now, and the seconds spent training now. */
  public record Outcome(Path checkpoint, boolean reused, double seconds) {}

  private TrainingRun() {}

  public static Outcome trainOrReuse(Recipe recipe, Path data, Path runDir, List<EvalHook> hooks, TrainingProgress progress)
      throws IOException {
    CheckpointStore store = new CheckpointStore(runDir);
    Optional<Path> latest = Files.isDirectory(runDir) ? store.latest() : Optional.empty();
    boolean resume = false;
    if (latest.isPresent()) {
      String saved = Files.readString(runDir.resolve(TrainingCheckpoint.RECIPE));
      if (!saved.equals(RecipeJson.write(recipe))) {
        throw new IllegalArgumentException(runDir + " holds a run of a different recipe (" + runDir.resolve(TrainingCheckpoint.RECIPE)
            + "); use --fresh, or another --out");
      }
      TrainingState state = TrainingState.read(latest.get().resolve(TrainingState.FILE));
      if (state.globalStep() >= recipe.totalSteps()) {
        return new Outcome(latest.get(), true, 0);
      }
      resume = true;
    }
    long t0 = System.nanoTime();
    Trainer trainer = new Trainer(new TrainingSetup(recipe, data, runDir, new MixedSources(), hooks, progress));
    TrainingResult result = resume ? trainer.resume() : trainer.start();
    if (result.outcome() != TrainingResult.Outcome.COMPLETED || result.lastCheckpoint().isEmpty()) {
      throw new IllegalStateException("training of " + recipe.name() + " stopped at step " + result.state().globalStep()
          + "; run the same command again to continue");
    }
    return new Outcome(result.lastCheckpoint().get(), false, (System.nanoTime() - t0) / 1e9);
  }
}
