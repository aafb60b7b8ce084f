package org.chatvla4j.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.chatvla4j.io.AtomicFiles;
import org.chatvla4j.world.TaskFamily;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The experiment's table (setting × success per family, mean success, VQA per family, mean VQA) as {@code
 * experiment.md} and {@code experiment.json}, the bar chart {@code experiment.png} and the forgetting curve {@code
 * forgetting.png}.
 */
public final class ExperimentReport {
  public static final String JSON = "experiment.json";
  public static final String MARKDOWN = "experiment.md";
  public static final String CHART = "experiment.png";
  public static final String FORGETTING = "forgetting.png";

  private ExperimentReport() {}

  public static void write(ExperimentBudget budget, List<PaperExperiment.Row> rows, Path out) {
    AtomicFiles.write(out.resolve(MARKDOWN), markdown(budget, rows).getBytes(StandardCharsets.UTF_8));
    try {
      AtomicFiles.write(out.resolve(JSON), ReportJson.JSON.writeValueAsBytes(json(budget, rows)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    List<String> names = rows.stream().map(r -> r.setting().id()).toList();
    AtomicFiles.write(out.resolve(CHART), ReportCharts.bars("Paper settings on the tabletop (" + budget.name() + " budget)", "%", names,
        List.of(new ReportCharts.Series("mean success", rows.stream().map(r -> r.eval().meanSuccess()).toList()),
            new ReportCharts.Series("mean VQA accuracy", rows.stream().map(r -> r.eval().meanVqa()).toList()))));
    AtomicFiles.write(out.resolve(FORGETTING), forgettingChart(rows));
  }

  static Set<String> vqaFamilies(List<PaperExperiment.Row> rows) {
    Set<String> keys = new TreeSet<>();
    rows.forEach(r -> r.eval().vqa().families().forEach(f -> keys.add(f.family().key())));
    return keys;
  }

  public static ObjectNode json(ExperimentBudget budget, List<PaperExperiment.Row> rows) {
    ObjectNode root = ReportJson.JSON.createObjectNode();
    root.put("schema_version", ReportJson.SCHEMA_VERSION).put("budget", budget.name()).put("data_episodes", budget.dataEpisodes());
    ArrayNode settings = root.putArray("settings");
    for (PaperExperiment.Row r : rows) {
      ObjectNode s = settings.addObject();
      s.put("id", r.setting().id()).put("label", r.setting().label()).put("recipe", r.recipe().name())
          .put("train_steps", r.recipe().totalSteps()).put("train_seconds", r.trainSeconds()).put("reused", r.reused());
      ObjectNode success = s.putObject("success");
      for (TaskFamily f : r.eval().families()) {
        success.put(f.id(), r.eval().successRate(f));
      }
      s.put("mean_success", r.eval().meanSuccess());
      s.put("oracle_first_action_cosine", r.eval().agreement().meanCosine())
          .put("oracle_step_match", r.eval().agreement().stepMatch())
          .put("oracle_heading_match", r.eval().agreement().headingMatch());
      ObjectNode vqa = s.putObject("vqa");
      r.eval().vqa().families().forEach(f -> vqa.put(f.family().key(), f.accuracy()));
      s.put("mean_vqa", r.eval().meanVqa()).put("overall_vqa", r.eval().vqa().overallAccuracy());
      s.put("zero_action_mean_success", r.eval().success().zero().meanRate())
          .put("random_mean_success", r.eval().success().random().meanRate())
          .put("majority_mean_vqa", r.eval().vqa().meanMajorityAccuracy())
          .put("majority_overall_vqa", r.eval().vqa().overallMajorityAccuracy())
          .put("other_scene_overall_vqa", r.eval().vqa().overallOtherSceneAccuracy());
      s.put("beats_success_baselines", r.eval().beatsSuccessBaselines()).put("beats_vqa_baselines", r.eval().beatsVqaBaselines())
          .put("success_vs_random_p", r.eval().success().vsRandom().pValue())
          .put("vqa_vs_other_scene_p", r.eval().vqa().vsOtherScene().pValue());
      ArrayNode points = s.putArray("forgetting");
      r.forgetting().forEach(p -> points.addObject().put("stage", p.stage()).put("stage_name", p.stageName()).put("step", p.step())
          .put("global_step", p.globalStep()).put("vqa_accuracy", p.accuracy()));
    }
    return root;
  }

  public static String markdown(ExperimentBudget budget, List<PaperExperiment.Row> rows) {
    StringBuilder md = new StringBuilder("# The paper's settings on the tabletop (`" + budget.name() + "` budget)\n\n");
    List<TaskFamily> fams = rows.getFirst().eval().families();
    Set<String> vqa = vqaFamilies(rows);
    md.append("| setting | steps |");
    fams.forEach(f -> md.append(' ').append(f.id()).append(" |"));
    md.append(" **mean success** | action cos vs oracle |");
    vqa.forEach(k -> md.append(' ').append(k).append(" |"));
    md.append(" **mean VQA** | **VQA, all questions** | VQA, all questions, shown another scene's image | beats its baselines "
        + "(p < " + PairedSignTest.ALPHA + "): success / VQA |\n|---|---:|");
    md.append("---:|".repeat(fams.size() + 2 + vqa.size() + 3)).append("---|\n");
    for (PaperExperiment.Row r : rows) {
      md.append("| ").append(r.setting().label()).append(" | ").append(r.recipe().totalSteps()).append(" |");
      fams.forEach(f -> md.append(' ').append(ReportMarkdown.pct(r.eval().successRate(f))).append(" |"));
      md.append(" **").append(ReportMarkdown.pct(r.eval().meanSuccess())).append("** |")
          .append(String.format(Locale.ROOT, " %.2f |", r.eval().agreement().meanCosine()));
      for (String k : vqa) {
        double acc = r.eval().vqa().families().stream().filter(f -> f.family().key().equals(k)).mapToDouble(VqaEval.FamilyScore::accuracy)
            .findFirst().orElse(Double.NaN);
        md.append(' ').append(ReportMarkdown.pct(acc)).append(" |");
      }
      md.append(" **").append(ReportMarkdown.pct(r.eval().meanVqa())).append("** | **")
          .append(ReportMarkdown.pct(r.eval().vqa().overallAccuracy())).append("** | ")
          .append(ReportMarkdown.pct(r.eval().vqa().overallOtherSceneAccuracy())).append(" | ")
          .append(r.eval().beatsSuccessBaselines() ? "yes" : "no").append(" / ").append(r.eval().beatsVqaBaselines() ? "yes" : "no")
          .append(" |\n");
    }
    EvalResult first = rows.getFirst().eval();
    // The random baseline draws from the checkpoint's action range; a VLM-only checkpoint has no action statistics and
    // falls back to the workspace's ±10 cm, so the line quotes the row with the narrowest box (the training data's).
    EvalResult narrowest = rows.stream().map(PaperExperiment.Row::eval)
        .min(java.util.Comparator.comparingDouble(e -> e.success().randomHigh()[0] - e.success().randomLow()[0])).orElseThrow();
    md.append(String.format(Locale.ROOT, "%nBaselines (same layouts and questions): zero action %s, random %s mean success (Δxy "
        + "uniform in ±%.1f cm; each row's own is in experiment.json); majority answer %s mean VQA, %s over all questions. "
        + "\"Beats\": an exact paired sign test at p < %s against every baseline of the axis, the same model shown another "
        + "scene's image among VQA's (eval/SETTING/report.md has the tests).%n%n",
        ReportMarkdown.pct(first.success().zero().meanRate()), ReportMarkdown.pct(narrowest.success().random().meanRate()),
        100 * narrowest.success().randomHigh()[0], ReportMarkdown.pct(first.vqa().meanMajorityAccuracy()),
        ReportMarkdown.pct(first.vqa().overallMajorityAccuracy()), PairedSignTest.ALPHA));
    md.append("![settings](").append(CHART).append(")\n\n![forgetting](").append(FORGETTING).append(")\n");
    return md.toString();
  }

  private static byte[] forgettingChart(List<PaperExperiment.Row> rows) {
    XYChart chart = new XYChartBuilder().width(720).height(420).title("VQA accuracy during training (forgetting curve)")
        .xAxisTitle("global step").yAxisTitle("mean VQA accuracy %").build();
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
    boolean any = false;
    for (PaperExperiment.Row r : rows) {
      if (r.forgetting().isEmpty()) {
        continue;
      }
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      r.forgetting().forEach(p -> {
        x.add((double) p.globalStep());
        y.add(100 * p.accuracy());
      });
      chart.addSeries(r.setting().label(), x, y);
      any = true;
    }
    if (!any) {
      chart.addSeries("no setting tracked", List.of(0.0), List.of(0.0));
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
