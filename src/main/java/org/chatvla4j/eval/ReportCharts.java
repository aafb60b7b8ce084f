package org.chatvla4j.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Grouped bar charts as PNG bytes (XChart): one group per family, one bar per system, values in percent. */
public final class ReportCharts {
  /** One bar series: a system's name and its value per category, as fractions. */
  public record Series(String name, List<Double> values) {}

  private ReportCharts() {}

  /** Success per family for the model beside the zero-action and random baselines. */
  public static byte[] success(EvalResult r) {
    List<String> fams = r.families().stream().map(f -> f.id()).toList();
    return bars("Closed-loop success per task family", "success %", fams, List.of(
        new Series("model", r.families().stream().map(f -> r.success().model().result(f).rate()).toList()),
        new Series("zero action", r.families().stream().map(f -> r.success().zero().result(f).rate()).toList()),
        new Series("random", r.families().stream().map(f -> r.success().random().result(f).rate()).toList())));
  }

  /** VQA accuracy per question family beside the model shown another scene's image and the majority answer. */
  public static byte[] vqa(EvalResult r) {
    List<VqaEval.FamilyScore> f = r.vqa().families();
    return bars("VQA accuracy per question family (held-out scenes)", "accuracy %", f.stream().map(s -> s.family().key()).toList(),
        List.of(new Series("model", f.stream().map(VqaEval.FamilyScore::accuracy).toList()),
            new Series("model, another scene's image", f.stream().map(VqaEval.FamilyScore::otherSceneAccuracy).toList()),
            new Series("majority answer", f.stream().map(VqaEval.FamilyScore::majorityAccuracy).toList())));
  }

  /** A grouped bar chart of {@code series} over {@code categories}. */
  public static byte[] bars(String title, String yTitle, List<String> categories, List<Series> series) {
    if (categories.isEmpty()) {
      throw new IllegalArgumentException("a chart needs at least one category");
    }
    CategoryChart chart = new CategoryChartBuilder().width(Math.max(640, 110 * categories.size() + 200)).height(420)
        .title(title).yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0).setXAxisLabelRotation(30);
    for (Series s : series) {
      if (s.values().size() != categories.size()) {
        throw new IllegalArgumentException("series " + s.name() + " has " + s.values().size() + " values for " + categories.size()
            + " categories");
      }
      chart.addSeries(s.name(), categories, s.values().stream().map(v -> Double.isNaN(v) ? 0.0 : 100 * v).toList());
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw chart '" + title + "': " + e.getMessage(), e);
    }
  }
}
