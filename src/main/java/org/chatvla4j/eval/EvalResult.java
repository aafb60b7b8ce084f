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

  /** Successes of {@code report} over all its families. */
  public static int successes(EvalReport report) {
    return report.families().stream().mapToInt(EvalReport.FamilyResult::successes).sum();
  }

  /** Episodes of {@code report} over all its families. */
  public static int episodes(EvalReport report) {
    return report.families().stream().mapToInt(EvalReport.FamilyResult::episodes).sum();
  }

  /** The model against each success baseline, episode by episode (same layouts and instructions). */
  public List<PairedSignTest> successTests() {
    return List.of(success.vsZero(), success.vsRandom());
  }

  /**
   * The model against each VQA baseline, question by question: the majority answer, and itself shown another scene's
   * image (a model that reads its image must beat that one too).
   */
  public List<PairedSignTest> vqaTests() {
    return List.of(vqa.vsMajority(), vqa.vsOtherScene());
  }

  /** Whether the model beats every success baseline at {@link PairedSignTest#ALPHA}. */
  public boolean beatsSuccessBaselines() {
    return successTests().stream().allMatch(PairedSignTest::significant);
  }

  /** Whether the model beats every VQA baseline at {@link PairedSignTest#ALPHA}. */
  public boolean beatsVqaBaselines() {
    return vqaTests().stream().allMatch(PairedSignTest::significant);
  }

  public List<TaskFamily> families() {
    return settings.rollouts().families();
  }
}
