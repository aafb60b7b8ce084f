package org.chatvla4j.eval;

import java.nio.file.Path;
import java.util.Optional;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * Runs both halves of an evaluation on one checkpoint: closed-loop success with baselines and the agreement with the
 * oracle on its own states, then held-out VQA.
 */
public final class Evaluation {
  /** Oracle-driven episodes per family for the agreement check, asked every second step: about 150 model calls. */
  private static final int AGREEMENT_EPISODES = 2;

  private static final int AGREEMENT_EVERY = 2;

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
    OracleAgreement.Result agreement = new OracleAgreement(
        settings.rollouts().withEpisodes(Math.min(AGREEMENT_EPISODES, settings.rollouts().episodesPerFamily())),
        SceneRenderer.languageTable(settings.imageSize()), AGREEMENT_EVERY, settings.reasoningTokens()).run(checkpoint);
    long t1 = System.nanoTime();
    VqaEval.Result vqa = new VqaEval(settings).progress(progress).run(checkpoint.model());
    long t2 = System.nanoTime();
    return new EvalResult(checkpoint.id(), settings, success, agreement, vqa, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }
}
