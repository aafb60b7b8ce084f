package org.chatvla4j.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chatvla4j.io.AtomicFiles;
import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.train.EvalHook;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.train.TrainingProgress;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.dataset.GenerateConfig;
import org.chatvla4j.world.eval.EvalConfig;
import org.chatvla4j.world.render.ImageSize;

/**
 * {@code experiment paper}: one generated dataset, every {@link PaperSetting} trained as a recipe on it and evaluated
 * with the same {@link EvalSettings}, plus the forgetting curve from the trainer's VQA hook. Finished runs and data are
 * reused, so an interrupted experiment continues where it stopped.
 */
public final class PaperExperiment {
  /** One setting's outcome: its evaluation, the VQA points measured during training, and the training seconds. */
  public record Row(PaperSetting setting, Recipe recipe, EvalResult eval, List<VqaAccuracyHook.Point> forgetting, double trainSeconds,
      boolean reused) {}

  /** The VQA points of a run's training, kept beside it so a reused run still has its forgetting curve. */
  public static final String FORGETTING_JSON = "forgetting.json";

  /** The frame size of the experiment (the demo's). */
  public static final ImageSize FRAME = new ImageSize(90, 160);

  private final ExperimentBudget budget;
  private final List<PaperSetting> settings;
  private final Path out;
  private final String toolVersion;
  private boolean progress = true;

  public PaperExperiment(ExperimentBudget budget, List<PaperSetting> settings, Path out, String toolVersion) {
    if (settings.isEmpty()) {
      throw new IllegalArgumentException("at least one setting is needed; settings: " + PaperSetting.ALL.stream().map(PaperSetting::id).toList());
    }
    this.budget = budget;
    this.settings = List.copyOf(settings);
    this.out = out;
    this.toolVersion = toolVersion;
  }

  public PaperExperiment progress(boolean on) {
    this.progress = on;
    return this;
  }

  /** The evaluation every setting gets. */
  public EvalSettings evalSettings() {
    EvalSettings base = EvalSettings.standard(budget.episodesPerFamily(), budget.questions(), EvalSettings.DEFAULT_SEED);
    return base.withRollouts(new EvalConfig(budget.families(), budget.episodesPerFamily(), budget.maxSteps(), BlockSet.BLOCK_8,
        EvalSettings.DEFAULT_SEED)).withImageSize(FRAME);
  }

  public GenerateConfig dataConfig() {
    return GenerateConfig.defaults(budget.dataEpisodes()).withImageSize(FRAME)
        .withThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
  }

  /** Runs every setting (reusing what is finished) and returns the rows in setting order. */
  public List<Row> run(PrintStream log, TrainingProgress trainingProgress) throws IOException {
    Path data = out.resolve("data");
    DatasetStep.Outcome d = DatasetStep.generateOrReuse(dataConfig(), data, toolVersion, progress);
    log.printf("data: %d episodes %s (%.0f s)%n", d.episodes(), d.reused() ? "reused" : "generated", d.seconds());
    EvalSettings eval = evalSettings();
    EvalSettings forgetting = eval.withVqa(Math.max(1, budget.forgettingQuestions() / eval.questionsPerScene()), eval.questionsPerScene(), 0);
    List<Row> rows = new ArrayList<>();
    for (PaperSetting s : settings) {
      Recipe recipe = s.recipe(budget);
      log.printf("[%d/%d] %s: %s, %d steps%n", rows.size() + 1, settings.size(), s.label(), recipe.name(), recipe.totalSteps());
      VqaAccuracyHook hook = new VqaAccuracyHook(forgetting);
      List<EvalHook> hooks = s.tracksForgetting() ? List.of(hook) : List.of();
      TrainingRun.Outcome t = TrainingRun.trainOrReuse(recipe, data, out.resolve("runs").resolve(s.id()), hooks, trainingProgress);
      EvalResult r = new Evaluation(eval).progress(progress).run(EvalCheckpoint.open(t.checkpoint(), log));
      ReportFiles.write(r, out.resolve("eval").resolve(s.id()));
      log.printf("    success %.1f%%, VQA %.1f%% (trained %.0f s, evaluated %.0f s)%n", 100 * r.meanSuccess(), 100 * r.meanVqa(),
          t.seconds(), r.rolloutSeconds() + r.vqaSeconds());
      Path curve = out.resolve("runs").resolve(s.id()).resolve(FORGETTING_JSON);
      List<VqaAccuracyHook.Point> points = hook.points();
      if (!t.reused()) {
        AtomicFiles.write(curve, ReportJson.JSON.writeValueAsBytes(points));
      } else if (Files.isRegularFile(curve)) {
        points = List.of(ReportJson.JSON.readValue(curve.toFile(), VqaAccuracyHook.Point[].class));
      }
      rows.add(new Row(s, recipe, r, points, t.seconds(), t.reused()));
    }
    ExperimentReport.write(budget, rows, out);
    return rows;
  }
}
