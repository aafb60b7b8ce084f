package org.chatvla4j.eval;

import java.util.List;
import java.util.Locale;
import org.chatvla4j.world.TaskFamily;

/** The short plain-text summary printed after an evaluation: success and VQA, each beside its baselines. */
public final class EvalSummary {
  private EvalSummary() {}

  public static String of(EvalResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-28s %9s %9s %9s%n", "task family", "model", "zero", "random"));
    for (TaskFamily f : r.families()) {
      sb.append(String.format(Locale.ROOT, "%-28s %9s %9s %9s%n", f.id(), ReportMarkdown.pct(r.success().model().result(f).rate()),
          ReportMarkdown.pct(r.success().zero().result(f).rate()), ReportMarkdown.pct(r.success().random().result(f).rate())));
    }
    sb.append(String.format(Locale.ROOT, "%-28s %9s %9s %9s%n", "mean success", ReportMarkdown.pct(r.meanSuccess()),
        ReportMarkdown.pct(r.success().zero().meanRate()), ReportMarkdown.pct(r.success().random().meanRate())));
    sb.append(agreementLine("oracle frames", r.agreement()));
    sb.append(agreementLine("model's own states", r.success().ownStates()));
    sb.append(String.format(Locale.ROOT, "%n%-28s %9s %9s %13s %9s%n", "question family", "questions", "model", "other image",
        "majority"));
    for (VqaEval.FamilyScore f : r.vqa().families()) {
      sb.append(String.format(Locale.ROOT, "%-28s %9d %9s %13s %9s%n", f.family().key(), f.total(), ReportMarkdown.pct(f.accuracy()),
          ReportMarkdown.pct(f.otherSceneAccuracy()), ReportMarkdown.pct(f.majorityAccuracy())));
    }
    sb.append(String.format(Locale.ROOT, "%-28s %9d %9s %13s %9s%n", "mean VQA (over families)", r.vqa().answers().size(),
        ReportMarkdown.pct(r.meanVqa()), ReportMarkdown.pct(r.vqa().meanOtherSceneAccuracy()),
        ReportMarkdown.pct(r.vqa().meanMajorityAccuracy())));
    sb.append(String.format(Locale.ROOT, "%-28s %9d %9s %13s %9s%n", "VQA over all questions", r.vqa().answers().size(),
        ReportMarkdown.pct(r.vqa().overallAccuracy()), ReportMarkdown.pct(r.vqa().overallOtherSceneAccuracy()),
        ReportMarkdown.pct(r.vqa().overallMajorityAccuracy())));
    sb.append(String.format(Locale.ROOT, "(other image: the same model shown another held-out scene's image; as high as the "
        + "model's = the answers do not come from the image)%n"));
    sb.append(String.format(Locale.ROOT, "%nbeats its baselines (paired sign test, p < %s against each)?%n", PairedSignTest.ALPHA));
    sb.append(verdictLine("success", EvalResult.successes(r.success().model()), EvalResult.episodes(r.success().model()),
        r.successTests(), r.beatsSuccessBaselines(), "episodes"));
    if (!r.vqa().answers().isEmpty()) {
      sb.append(verdictLine("VQA", r.vqa().correct(), r.vqa().answers().size(), r.vqaTests(), r.beatsVqaBaselines(), "questions"));
    }
    sb.append(String.format(Locale.ROOT, "(rollouts %.0f s, VQA %.0f s)%n", r.rolloutSeconds(), r.vqaSeconds()));
    return sb.toString();
  }

  /** "  success  no   6.0% of 50 episodes (95 % interval 2.1%–16.2%); vs zero action: 3 won, 0 lost, p = 0.1250; …" */
  static String verdictLine(String axis, int right, int items, List<PairedSignTest> tests, boolean significant, String unit) {
    WilsonInterval w = WilsonInterval.of(right, items);
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-8s %-4s %s of %d %s (95 %% interval %s–%s)", axis,
        significant ? "yes" : "no", ReportMarkdown.pct((double) right / items), items, unit, ReportMarkdown.pct(w.low()),
        ReportMarkdown.pct(w.high())));
    for (PairedSignTest t : tests) {
      sb.append(String.format(Locale.ROOT, "; vs %s: %d won, %d lost, %s", t.baseline(), t.modelOnly(), t.baselineOnly(), pValue(t)));
    }
    return sb.append(String.format("%n")).toString();
  }

  private static String pValue(PairedSignTest t) {
    String cell = ReportMarkdown.pNumber(t);
    return cell.startsWith("<") ? "p " + cell : "p = " + cell;
  }

  private static String agreementLine(String where, OracleAgreement.Result a) {
    return String.format(Locale.ROOT, "on %d %s: first-action cosine %.2f (0 for scene-blind actions), L2 error %.1f mm vs %.1f mm for "
        + "a zero action; reasoning exact %s, step and block %s, heading %s (chance 12.5 %%), a heading named in %s%n", a.frames(), where,
        a.meanCosine(), 1000 * a.meanL2Error(), 1000 * a.zeroActionL2Error(), ReportMarkdown.pct(a.reasoningExact()),
        ReportMarkdown.pct(a.stepMatch()), ReportMarkdown.pct(a.headingMatch()), ReportMarkdown.pct(a.headingNamed()));
  }
}
