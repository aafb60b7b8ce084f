package org.chatvla4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.chatvla4j.eval.DatasetStep;
import org.chatvla4j.eval.EvalCheckpoint;
import org.chatvla4j.eval.EvalResult;
import org.chatvla4j.eval.EvalSettings;
import org.chatvla4j.eval.EvalSummary;
import org.chatvla4j.eval.Evaluation;
import org.chatvla4j.eval.ReportFiles;
import org.chatvla4j.eval.TrainingRun;
import org.chatvla4j.train.ConsoleProgress;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.train.Recipes;
import org.chatvla4j.train.TrainingProgress;
import org.chatvla4j.world.dataset.GenerateConfig;
import org.chatvla4j.world.render.ImageSize;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main job: generate tabletop data, train {@code tabletop-chatvla} through all phases, evaluate it beside
 * the baselines, print the summary, write the report and start the playground. A second run reuses the data and the
 * finished checkpoint.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate tabletop data, train a tiny ChatVLA through all phases (tabletop-chatvla), evaluate closed-loop success",
      "and VQA accuracy beside the baselines, write OUT/eval/report.md and open the playground on 127.0.0.1:8000.",
      "A second run reuses OUT/data and the finished checkpoint in OUT/train unless --fresh."
    })
final class DemoCommand implements Callable<Integer> {
  /** Oracle episodes generated at --scale 1. */
  static final int DATA_EPISODES = 200;
  /** The frame size of the demo: 4x fewer pixels than Language-Table's 180x320 to write, encode and attend over. */
  static final ImageSize FRAME = new ImageSize(90, 160);
  /** The recipe's steps are multiplied by this at --scale 1 (measured to fit the 20-minute budget on 2 cores). */
  static final double STEP_SCALE = 5.0;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--episodes", paramLabel = "N", defaultValue = "10", description = "Eval episodes per task family (default: ${DEFAULT-VALUE}).")
  int episodes;

  @Option(names = "--questions", paramLabel = "N", defaultValue = "200", description = "Held-out VQA questions (default: ${DEFAULT-VALUE}).")
  int questions;

  @Option(names = "--scale", paramLabel = "F", defaultValue = "1", description = "Multiply data episodes and training steps by F (default: ${DEFAULT-VALUE}; 0.25 for a quick look).")
  double scale;

  @Option(names = "--fresh", description = "Delete OUT/data, OUT/train and OUT/eval first instead of reusing them.")
  boolean fresh;

  @Option(names = "--no-serve", description = "Stop after the report instead of starting the playground.")
  boolean noServe;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8000", description = "Playground port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/demo", description = "Demo directory (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--no-progress", description = "Do not draw progress bars.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    // jhdf warns about every attribute it reads from its own alpha-writer's files; keep the progress bars readable.
    System.setProperty("org.slf4j.simpleLogger.log.io.jhdf", "error");
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("--scale must be a finite number > 0, got " + scale);
    }
    EvalSettings settings = EvalCommand.settings(episodes, null, questions, EvalSettings.DEFAULT_SEED,
        FRAME.height() + "x" + FRAME.width(), "BLOCK_8", 200, 8);
    Recipe recipe = Recipes.builtIn("tabletop-chatvla").scaled(STEP_SCALE * scale);
    GenerateConfig data = GenerateConfig.defaults(Math.max(5, (int) Math.round(DATA_EPISODES * scale))).withImageSize(FRAME)
        .withThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    PrintWriter o = spec.commandLine().getOut();
    if (fresh) {
      for (String sub : List.of("data", "train", "eval")) {
        deleteTree(out.resolve(sub));
      }
    }
    long start = System.nanoTime();
    o.printf(Locale.ROOT, "[1/4] data: %d oracle episodes at %dx%d -> %s%n", data.episodes(), FRAME.height(), FRAME.width(), out.resolve("data"));
    o.flush();
    DatasetStep.Outcome d = DatasetStep.generateOrReuse(data, out.resolve("data"), new VersionProvider().getVersion()[0], !noProgress);
    o.printf(Locale.ROOT, "      %s (%.0f s)%n", d.reused() ? "reused" : "generated", d.seconds());
    o.printf(Locale.ROOT, "[2/4] training %s: %d steps in %d stages -> %s%n", recipe.name(), recipe.totalSteps(), recipe.stages().size(),
        out.resolve("train"));
    o.flush();
    TrainingRun.Outcome t;
    try (TrainingProgress progress = noProgress ? TrainingProgress.silent() : new ConsoleProgress(System.err)) {
      t = TrainingRun.trainOrReuse(recipe, out.resolve("data"), out.resolve("train"), List.of(), progress);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    o.printf(Locale.ROOT, "      %s %s (%.0f s)%n", t.reused() ? "reused" : "trained", t.checkpoint(), t.seconds());
    o.printf(Locale.ROOT, "[3/4] evaluating: %d families x %d episodes, %d questions -> %s%n", settings.rollouts().families().size(),
        settings.rollouts().episodesPerFamily(), settings.vqaScenes() * settings.questionsPerScene(), out.resolve("eval"));
    o.flush();
    EvalResult result = new Evaluation(settings).progress(!noProgress).run(EvalCheckpoint.open(t.checkpoint(), System.err));
    ReportFiles.write(result, out.resolve("eval"));
    double total = (System.nanoTime() - start) / 1e9;
    o.println();
    o.print(EvalSummary.of(result));
    o.printf(Locale.ROOT, "%nwall time: data %.0f s, training %.0f s, evaluation %.0f s, total %.0f s%n", d.seconds(), t.seconds(),
        result.rolloutSeconds() + result.vqaSeconds(), total);
    o.println("report: " + out.resolve("eval").resolve(ReportFiles.MARKDOWN).toAbsolutePath());
    o.flush();
    if (noServe) {
      o.printf("playground: ./chatvla serve --model %s  (then open http://127.0.0.1:%d/)%n", t.checkpoint(), port);
      o.flush();
      return 0;
    }
    o.println("[4/4] starting the playground (Ctrl-C stops it)");
    o.flush();
    return Main.commandLine().execute("serve", "--model", t.checkpoint().toString(), "--host", "127.0.0.1", "--port",
        Integer.toString(port));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
