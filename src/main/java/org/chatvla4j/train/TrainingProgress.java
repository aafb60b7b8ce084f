package org.chatvla4j.train;

/** Where the trainer reports what it does (a console progress bar for users; nothing, or a recorder, in tests). */
public interface TrainingProgress extends AutoCloseable {
  /** A stage begins (or resumes at {@code firstStep}, 0-based). */
  void stageStarted(int stage, int stageCount, StageSpec spec, int firstStep);

  /** One step finished. */
  void stepFinished(StepMetrics metrics);

  /** A line for the user (checkpoint written, eval result). */
  void note(String message);

  /** The current stage is over. */
  void stageFinished();

  @Override
  default void close() {}

  /** Reports nothing. */
  static TrainingProgress silent() {
    return new TrainingProgress() {
      @Override
      public void stageStarted(int stage, int stageCount, StageSpec spec, int firstStep) {}

      @Override
      public void stepFinished(StepMetrics metrics) {}

      @Override
      public void note(String message) {}

      @Override
      public void stageFinished() {}
    };
  }
}
