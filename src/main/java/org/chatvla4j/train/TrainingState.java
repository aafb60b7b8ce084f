package org.chatvla4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run stands, as saved in {@code trainer_state.json}: the stage, how many of its steps are done, the trainer
 * generator's state, and the batch source's position. A stage with every step done resumes at the next stage.
 *
 * @param stage index into the recipe's stages
 * @param stepsDone steps of that stage already taken (0..steps)
 * @param globalStep steps taken over all stages
 * @param rngState {@link TrainerRng#state()}
 * @param sourcePosition {@link BatchSource#position()} of the stage's source
 */
public record TrainingState(int stage, int stepsDone, long globalStep, long rngState, long sourcePosition) {
  public static final String FILE = "trainer_state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public TrainingState {
    if (stage < 0 || stepsDone < 0 || globalStep < 0 || sourcePosition < 0) {
      throw new IllegalArgumentException("stage, steps_done, global_step and source_position must be >= 0, got " + stage + ", "
          + stepsDone + ", " + globalStep + ", " + sourcePosition);
    }
  }

  /** A run before its first step. */
  public static TrainingState initial(long seed) {
    return new TrainingState(0, 0, 0, TrainerRng.seeded(seed).state(), 0);
  }

  public String toJson() {
    return "{\"stage\": " + stage + ", \"steps_done\": " + stepsDone + ", \"global_step\": " + globalStep
        + ", \"rng_state\": " + rngState + ", \"source_position\": " + sourcePosition + "}\n";
  }

  public static TrainingState read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is missing");
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      for (String k : new String[] {"stage", "steps_done", "global_step", "rng_state", "source_position"}) {
        if (n == null || !n.has(k) || !n.get(k).isIntegralNumber()) {
          throw new IOException(file + ": field " + k + " is missing or not an integer");
        }
      }
      return new TrainingState(n.get("stage").asInt(), n.get("steps_done").asInt(), n.get("global_step").asLong(),
          n.get("rng_state").asLong(), n.get("source_position").asLong());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Checks the state fits {@code recipe} (a checkpoint of another recipe must not be resumed into this one). */
  public void checkAgainst(Recipe recipe, Path file) throws IOException {
    if (stage >= recipe.stages().size()) {
      throw new IOException(file + ": stage " + stage + " but the recipe has " + recipe.stages().size() + " stages");
    }
    int steps = recipe.stages().get(stage).steps();
    if (stepsDone > steps) {
      throw new IOException(file + ": steps_done " + stepsDone + " but stage " + stage + " has " + steps + " steps");
    }
    if (globalStep != recipe.stepsBefore(stage) + stepsDone) {
      throw new IOException(file + ": global_step " + globalStep + " does not match stage " + stage + " step " + stepsDone);
    }
  }
}
