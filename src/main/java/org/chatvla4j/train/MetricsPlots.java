package org.chatvla4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.chatvla4j.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG curves of a run, drawn with XChart: {@code loss.png} (total, token, action per global step), {@code lr.png},
 * and {@code eval.png} (every eval metric) when there are evaluations. Rewritten at every checkpoint and at the end.
 */
public final class MetricsPlots {
  private MetricsPlots() {}

  /** Writes the plots of {@code log} into {@code dir}; returns the files written. */
  public static List<Path> write(MetricsLog log, Path dir) throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // charts are drawn off-screen; no display needed
    }
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    List<StepMetrics> steps = log.steps();
    if (!steps.isEmpty()) {
      XYChart loss = chart("Training loss", "loss");
      series(loss, "total", steps, StepMetrics::loss);
      series(loss, "token", steps, StepMetrics::tokenLoss);
      series(loss, "action", steps, StepMetrics::actionLoss);
      out.add(save(loss, dir.resolve("loss.png")));
      XYChart lr = chart("Learning rate", "lr");
      series(lr, "lr", steps, StepMetrics::lr);
      out.add(save(lr, dir.resolve("lr.png")));
    }
    if (!log.evals().isEmpty()) {
      XYChart eval = chart("Evaluation", "value");
      Map<String, List<double[]>> byName = new LinkedHashMap<>();
      for (MetricsLog.EvalRecord e : log.evals()) {
        e.metrics().forEach((k, v) -> byName.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {e.globalStep(), v}));
      }
      byName.forEach((name, pts) -> eval.addSeries(name, pts.stream().mapToDouble(p -> p[0]).toArray(),
          pts.stream().mapToDouble(p -> p[1]).toArray()));
      out.add(save(eval, dir.resolve("eval.png")));
    }
    return out;
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart c = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("global step").yAxisTitle(yTitle).build();
    c.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Line);
    c.getStyler().setMarkerSize(0);
    return c;
  }

  private static void series(XYChart c, String name, List<StepMetrics> steps, ToDoubleFunction<StepMetrics> y) {
    double[] xs = steps.stream().mapToDouble(StepMetrics::globalStep).toArray();
    double[] ys = steps.stream().mapToDouble(y).toArray();
    c.addSeries(name, xs, ys).setMarker(SeriesMarkers.NONE);
  }

  private static Path save(XYChart chart, Path file) {
    // The stream form: the file-name form appends ".png" to the temporary file's name.
    AtomicFiles.write(file, tmp -> {
      try (var os = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW)) {
        BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG);
      }
    });
    return file;
  }
}
