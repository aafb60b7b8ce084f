package org.chatvla4j.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar per stage on stderr: stage, step, loss parts, lr, samples/s and the ETA. */
public final class ConsoleProgress implements TrainingProgress {
  private final PrintStream err;
  private ProgressBar bar;

  public ConsoleProgress(PrintStream err) {
    this.err = err;
  }

  @Override
  public void stageStarted(int stage, int stageCount, StageSpec spec, int firstStep) {
    stageFinished();
    bar = new ProgressBarBuilder()
        .setTaskName(String.format("stage %d/%d %s", stage + 1, stageCount, spec.name()))
        .setInitialMax(spec.steps())
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .setUpdateIntervalMillis(500)
        .showSpeed()
        .setUnit(" steps", 1)
        .startsFrom(firstStep, Duration.ZERO)
        .build();
  }

  @Override
  public void stepFinished(StepMetrics m) {
    if (bar != null) {
      bar.stepTo(m.step());
      bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f (tok %.4f act %.4f) lr %.2e %.1f samples/s", m.loss(),
          m.tokenLoss(), m.actionLoss(), m.lr(), m.samplesPerSecond()));
    }
  }

  @Override
  public void note(String message) {
    if (bar != null) {
      // The bar redraws in place; a note goes on its own line above it.
      err.print("\r");
    }
    err.println(message);
  }

  @Override
  public void stageFinished() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  @Override
  public void close() {
    stageFinished();
  }
}
