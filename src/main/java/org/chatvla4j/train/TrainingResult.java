package org.chatvla4j.train;

import java.nio.file.Path;
import java.util.Optional;
import org.chatvla4j.model.ChatVla;

/**
 * How a run ended.
 *
 * @param model the trained model (in memory, as of the last step)
 * @param state where the run stands
 * @param lastCheckpoint the newest checkpoint directory
 * @param outcome finished every stage, or stopped on request (resumable)
 */
public record TrainingResult(ChatVla model, TrainingState state, Optional<Path> lastCheckpoint, Outcome outcome) {
  /** Whether the recipe ran to its end. */
  public enum Outcome {
    COMPLETED,
    STOPPED
  }
}
