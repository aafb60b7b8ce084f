package org.chatvla4j.eval;

import java.util.List;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalReport;

/**
 * One checkpoint's evaluation: closed-loop success (model, zero-action and random baselines), agreement with the oracle
 * on its own states, VQA accuracy (model and majority baseline), transcripts, and the wall time of each part.
 */
public record EvalResult(String modelId, EvalSettings settings, ClosedLoopEval.Result success, OracleAgreement.Result agreement,
    VqaEval.Result vqa, double rolloutSeconds, double vqaSeconds) {

  /** The model's success rate in {@code family}. */
  public double successRate(TaskFamily family) {
    return success.model().result(family).rate();
  }

  public double meanSuccess() {
    return success.model().meanRate();
  }

  public double meanVqa() {
    return vqa.meanAccuracy();
  }

  public List<TaskFamily> families() {
    return settings.rollouts().families();
  }
}
