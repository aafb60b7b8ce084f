package org.chatvla4j.eval;

import java.util.List;
import java.util.Locale;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalReport;

/** {@code report.md}: the success and VQA tables with their baselines, the settings, and the transcripts. */
public final class ReportMarkdown {
  private ReportMarkdown() {}

  public static String of(EvalResult r) {
    StringBuilder md = new StringBuilder();
    EvalSettings s = r.settings();
    md.append("# Evaluation of `").append(r.modelId()).append("`\n\n");
    md.append(String.format(Locale.ROOT,
        "Closed loop: %s, %d episode(s) per family, <= %d steps, seed %d, %dx%d frames, %d actions per query. "
            + "VQA: %d held-out scenes (seed %d), %d questions, greedy answers.%n%n",
        s.rollouts().blockSet(), s.rollouts().episodesPerFamily(), s.rollouts().maxSteps(), s.rollouts().seed(),
        s.imageSize().height(), s.imageSize().width(), s.actionsPerQuery(), s.vqaScenes(), s.vqaSeed(),
        r.vqa().answers().size()));
    md.append("## Does it beat its baselines?\n\nEach axis is tested against each of its baselines on the same items "
        + "(success: the same seeded episodes; VQA: the same questions). Only items where exactly one side is right count; "
        + "under \"no better\" the model wins each with probability ½ (an exact one-sided sign test, McNemar's). "
        + String.format(Locale.ROOT, "An axis passes at p < %s against every one of its baselines: a floor for \"clearly\", as "
            + "a win of a few points over enough items passes too.%n%n", PairedSignTest.ALPHA)
        + "| axis | model (95 % interval) | baseline | items | model only | baseline only | p | significant |\n"
        + "|---|---|---|---:|---:|---:|---:|---|\n");
    verdictRows(md, "success", EvalResult.successes(r.success().model()), EvalResult.episodes(r.success().model()), r.successTests());
    if (!r.vqa().answers().isEmpty()) {
      verdictRows(md, "VQA", r.vqa().correct(), r.vqa().answers().size(), r.vqaTests());
    }
    md.append(String.format(Locale.ROOT, "%n**Success: %s. VQA: %s.**%n%n", verdict(r.beatsSuccessBaselines()),
        r.vqa().answers().isEmpty() ? "no questions asked" : verdict(r.beatsVqaBaselines())));
    md.append("## Closed-loop success\n\n| family | model | zero action | random | model vs random: won / lost, p |\n"
        + "|---|---:|---:|---:|---:|\n");
    for (TaskFamily f : r.families()) {
      PairedSignTest t = r.success().vsRandomPerFamily().get(f);
      md.append("| ").append(f.id()).append(" | ").append(cell(r.success().model(), f)).append(" | ")
          .append(cell(r.success().zero(), f)).append(" | ").append(cell(r.success().random(), f)).append(" | ")
          .append(t.modelOnly()).append(" / ").append(t.baselineOnly()).append(", ").append(pNumber(t)).append(" |\n");
    }
    PairedSignTest all = r.success().vsRandom();
    md.append(String.format(Locale.ROOT, "| **mean** | **%s** | %s | %s | %d / %d, %s |%n%n", pct(r.success().model().meanRate()),
        pct(r.success().zero().meanRate()), pct(r.success().random().meanRate()), all.modelOnly(), all.baselineOnly(), pNumber(all)));
    md.append("![success per family](success.png)\n\n");
    OracleAgreement.Result agree = r.agreement();
    md.append(String.format(Locale.ROOT, "## Agreement with the oracle%n%nOn the oracle's own states: the oracle drives %d held-out episode(s) "
        + "per family and the model is asked the same observation every %d steps (%d frames). First action: mean cosine with "
        + "the oracle's **%.2f** (any scene-blind action: 0), L2 error **%.1f mm** (zero action: %.1f mm). Reasoning: "
        + "%s of sentences equal the oracle's, %s with the heading set aside (the right step, block and goal), and %s of "
        + "headings where the oracle names one (chance 12.5 %%).%n%n", agree.episodesPerFamily(), agree.every(),
        agree.frames(), agree.meanCosine(), 1000 * agree.meanL2Error(), 1000 * agree.zeroActionL2Error(), pct(agree.reasoningExact()),
        pct(agree.stepMatch()), pct(agree.headingMatch())));
    OracleAgreement.Result own = r.success().ownStates();
    md.append(String.format(Locale.ROOT, "On the model's own states (each of its %d queries in the rollouts above, put to an oracle "
        + "following the same episode): first-action cosine **%.2f**, L2 error %.1f mm (zero action: %.1f mm); %s of sentences "
        + "equal the oracle's, %s with the heading set aside, %s of headings; its sentence names a heading in %s of queries "
        + "(%s on the oracle's states).%n%n",
        own.frames(), own.meanCosine(), 1000 * own.meanL2Error(), 1000 * own.zeroActionL2Error(), pct(own.reasoningExact()),
        pct(own.stepMatch()), pct(own.headingMatch()), pct(own.headingNamed()), pct(agree.headingNamed())));
    md.append("## VQA accuracy (held-out scenes)\n\n\"another scene's image\": the same model answering each question shown "
        + "the next held-out scene's image instead. Where it scores as the model does, the answers come from the question's "
        + "words, not from the image.\n\n| question family | questions | model | another scene's image | majority answer | majority |\n"
        + "|---|---:|---:|---:|---|---:|\n");
    for (VqaEval.FamilyScore f : r.vqa().families()) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | `%s` | %s |%n", f.family().key(), f.total(), pct(f.accuracy()),
          pct(f.otherSceneAccuracy()), f.majorityAnswer(), pct(f.majorityAccuracy())));
    }
    md.append(String.format(Locale.ROOT, "| **mean over families** | %d | **%s** | %s | | %s |%n", r.vqa().answers().size(),
        pct(r.vqa().meanAccuracy()), pct(r.vqa().meanOtherSceneAccuracy()), pct(r.vqa().meanMajorityAccuracy())));
    md.append(String.format(Locale.ROOT, "| **all questions** | %d | **%s** | %s | | %s |%n%n", r.vqa().answers().size(),
        pct(r.vqa().overallAccuracy()), pct(r.vqa().overallOtherSceneAccuracy()), pct(r.vqa().overallMajorityAccuracy())));
    md.append("![VQA accuracy per family](vqa.png)\n\n## Chat transcripts\n\n");
    for (VqaEval.ChatTranscript t : r.vqa().transcripts()) {
      md.append("![scene ").append(t.scene()).append("](").append(ReportFiles.transcriptImage(t.scene())).append(")\n\n");
      md.append("> **user:** ").append(VqaEval.CAPTION_PROMPT).append("  \n> **model:** ").append(t.caption()).append("\n>\n");
      for (VqaEval.Answer a : t.answers()) {
        md.append("> **user:** ").append(a.question()).append("  \n> **model:** ").append(a.predicted())
            .append(a.correct() ? " ✓" : " ✗ (gold: " + a.gold() + ")").append("\n>\n");
      }
      md.append('\n');
    }
    md.append("## What the robot said (first episode of each family)\n\n");
    for (RobotTranscripts.Transcript t : r.success().transcripts()) {
      md.append("- **").append(t.family()).append("** — \"").append(t.instruction()).append("\" → ")
          .append(t.success() ? "success" : "failure").append(" after ").append(t.steps()).append(" steps\n");
      for (RobotTranscripts.Line l : t.lines()) {
        md.append("  - step ").append(l.step()).append(": ").append(l.reasoning()).append('\n');
      }
    }
    md.append(String.format(Locale.ROOT, "%nWall time: rollouts %.1f s, VQA %.1f s.%n", r.rolloutSeconds(), r.vqaSeconds()));
    return md.toString();
  }

  private static String verdict(boolean significant) {
    return significant ? "beats every baseline (p < " + PairedSignTest.ALPHA + ")" : "does not beat every baseline (p < "
        + PairedSignTest.ALPHA + ")";
  }

  private static void verdictRows(StringBuilder md, String axis, int right, int items, List<PairedSignTest> tests) {
    WilsonInterval w = WilsonInterval.of(right, items);
    String model = String.format(Locale.ROOT, "%s (%s–%s)", pct((double) right / items), pct(w.low()), pct(w.high()));
    for (PairedSignTest t : tests) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %d | %s | %s |%n", axis, model, t.baseline(), t.items(),
          t.modelOnly(), t.baselineOnly(), pNumber(t), t.significant() ? "yes" : "no"));
    }
  }

  /** The p-value as a table cell: "0.1250", or "< 0.0001" below that resolution. */
  static String pNumber(PairedSignTest t) {
    return t.pValue() < 1e-4 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", t.pValue());
  }

  private static String cell(EvalReport report, TaskFamily f) {
    EvalReport.FamilyResult r = report.result(f);
    return pct(r.rate()) + " (" + r.successes() + "/" + r.episodes() + ")";
  }

  static String pct(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }
}
