package org.chatvla4j.eval;

import java.nio.file.Path;
import java.util.Optional;

/** Runs both halves of an evaluation on one checkpoint: closed-loop success with baselines, then held-out VQA. */
public final class Evaluation {
  private final EvalSettings settings;
  private boolean progress = true;
  private Optional<Path> gifDir = Optional.empty();

  public Evaluation(EvalSettings settings) {
    this.settings = settings;
  }

  public Evaluation progress(boolean on) {
    this.progress = on;
    return this;
  }

  /** Saves the model's first episode of each family as a GIF under {@code dir}. */
  public Evaluation gifs(Path dir) {
    this.gifDir = Optional.of(dir);
    return this;
  }

  public EvalResult run(EvalCheckpoint checkpoint) {
    long t0 = System.nanoTime();
    ClosedLoopEval rollouts = new ClosedLoopEval(settings).progress(progress);
    gifDir.ifPresent(rollouts::gifs);
    ClosedLoopEval.Result success = rollouts.run(checkpoint);
    long t1 = System.nanoTime();
    VqaEval.Result vqa = new VqaEval(settings).progress(progress).run(checkpoint.model());
    long t2 = System.nanoTime();
    return new EvalResult(checkpoint.id(), settings, success, vqa, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }
}
