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

  /** The run directory (under {@code OUT/runs}) of the stage 0 every setting starts from. */
  public static final String STAGE0_RUN = "stage0";

  /** The frame size of the demo and the experiment: 4x fewer pixels than Language-Table's 180x320 to write and attend over. */
  public static final ImageSize FRAME = new ImageSize(90, 160);
  /** Questions per captured scene. */
  public static final int QUESTIONS_PER_SCENE = 16;
  /** Scenes captured per episode besides the reset scene: 6 scenes x 200 episodes = 1200 images to ask about. */
  public static final int LATER_SCENES = 5;

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
    return tabletopData(budget.dataEpisodes());
  }

  /**
   * The tabletop data of the demo and the experiment: Language-Table's defaults at {@link #FRAME}, with 6 scenes per
   * episode and 16 questions per scene, since questions are cheap to generate and the VLM stage learns from their number.
   */
  public static GenerateConfig tabletopData(int episodes) {
    GenerateConfig d = GenerateConfig.defaults(episodes);
    return new GenerateConfig(d.episodes(), d.families(), d.blockSet(), d.seed(), FRAME, QUESTIONS_PER_SCENE, LATER_SCENES,
        d.maxSteps(), d.actionNoise(), Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
        d.questionFamilies());
  }

  /** Runs every setting (reusing what is finished) and returns the rows in setting order. */
  public List<Row> run(PrintStream log, TrainingProgress trainingProgress) throws IOException {
    Path data = out.resolve("data");
    DatasetStep.Outcome d = DatasetStep.generateOrReuse(dataConfig(), data, toolVersion, progress);
    log.printf("data: %d episodes %s (%.0f s)%n", d.episodes(), d.reused() ? "reused" : "generated", d.seconds());
    EvalSettings eval = evalSettings();
    EvalSettings forgetting = eval.withVqa(Math.max(1, budget.forgettingQuestions() / eval.questionsPerScene()), eval.questionsPerScene(), 0);
    Recipe stage0 = PaperSetting.sharedStage0(budget);
    log.printf("stage 0 (shared by every setting): %s, %d steps%n", stage0.name(), stage0.totalSteps());
    TrainingRun.Outcome base = TrainingRun.trainOrReuse(stage0, data, out.resolve("runs").resolve(STAGE0_RUN), List.of(), trainingProgress);
    List<Row> rows = new ArrayList<>();
    for (PaperSetting s : settings) {
      Recipe recipe = s.recipe(budget);
      log.printf("[%d/%d] %s: %s, %d steps (%d after the shared stage 0)%n", rows.size() + 1, settings.size(), s.label(), recipe.name(),
          recipe.totalSteps(), recipe.totalSteps() - stage0.totalSteps());
      VqaAccuracyHook hook = new VqaAccuracyHook(forgetting);
      TrainingRun.Outcome t = s.equals(PaperSetting.VLM_ONLY) ? base
          : TrainingRun.trainOrReuse(s.recipeAfterStage0(budget, base.checkpoint()), data, out.resolve("runs").resolve(s.id()),
              s.tracksForgetting() ? List.of(hook) : List.of(), trainingProgress);
      EvalResult r = new Evaluation(eval).progress(progress).run(EvalCheckpoint.open(t.checkpoint(), log));
      ReportFiles.write(r, out.resolve("eval").resolve(s.id()));
      double seconds = base.seconds() + (s.equals(PaperSetting.VLM_ONLY) ? 0 : t.seconds());
      log.printf("    success %.1f%%, VQA %.1f%% (trained %.0f s, evaluated %.0f s)%n", 100 * r.meanSuccess(), 100 * r.meanVqa(),
          seconds, r.rolloutSeconds() + r.vqaSeconds());
      Path curve = out.resolve("runs").resolve(s.id()).resolve(FORGETTING_JSON);
      List<VqaAccuracyHook.Point> points = s.tracksForgetting() ? curveFrom(stage0, base.checkpoint(), forgetting, hook.points()) : List.of();
      if (!t.reused() && s.tracksForgetting()) {
        AtomicFiles.write(curve, ReportJson.JSON.writeValueAsBytes(points));
      } else if (Files.isRegularFile(curve)) {
        points = List.of(ReportJson.JSON.readValue(curve.toFile(), VqaAccuracyHook.Point[].class));
      }
      rows.add(new Row(s, recipe, r, points, seconds, t.reused()));
    }
    ExperimentReport.write(budget, rows, out);
    return rows;
  }

  /**
   * The forgetting curve on the experiment's global steps: the shared stage-0 model's accuracy as the first point, then
   * the hook's points of the run that started from it, shifted past stage 0 (that run counts its steps from 0).
   */
  private static List<VqaAccuracyHook.Point> curveFrom(Recipe stage0, Path stage0Checkpoint, EvalSettings forgetting,
      List<VqaAccuracyHook.Point> after) throws IOException {
    if (after.isEmpty()) {
      return List.of();
    }
    int steps = stage0.totalSteps();
    // Only its understanding is asked: the missing dataset_stats.json of a VQA-only checkpoint needs no warning here.
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    double start = new VqaEval(forgetting).progress(false).run(EvalCheckpoint.open(stage0Checkpoint, quiet).model()).meanAccuracy();
    List<VqaAccuracyHook.Point> out = new ArrayList<>();
    out.add(new VqaAccuracyHook.Point(0, stage0.stages().get(0).name(), steps, steps, start));
    for (VqaAccuracyHook.Point p : after) {
      out.add(new VqaAccuracyHook.Point(p.stage() + 1, p.stageName(), p.step(), p.globalStep() + steps, p.accuracy()));
    }
    return List.copyOf(out);
  }
}
