package org.chatvla4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.chatvla4j.eval.DatasetStep;
import org.chatvla4j.eval.EvalCheckpoint;
import org.chatvla4j.eval.EvalResult;
import org.chatvla4j.eval.EvalSettings;
import org.chatvla4j.eval.EvalSummary;
import org.chatvla4j.eval.Evaluation;
import org.chatvla4j.eval.PaperExperiment;
import org.chatvla4j.eval.ReportFiles;
import org.chatvla4j.eval.TrainingRun;
import org.chatvla4j.train.ConsoleProgress;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.train.RecipeJson;
import org.chatvla4j.train.TrainingProgress;
import org.chatvla4j.world.dataset.GenerateConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main job: generate tabletop data, train {@code tabletop-demo} (ChatVLA's phases on the
 * {@code tabletop} preset) through all phases, evaluate it beside
 * the baselines, print the summary, write the report and start the playground. A second run reuses the data and the
 * finished checkpoint.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Generate tabletop data, train a small ChatVLA through all phases (tabletop-demo), evaluate closed-loop success",
      "and VQA accuracy beside the baselines, write OUT/eval/report.md and open the playground on 127.0.0.1:8000.",
      "A second run reuses OUT/data and the finished checkpoint in OUT/train unless --fresh."
    })
final class DemoCommand implements Callable<Integer> {
  /** Oracle episodes generated at --scale 1. */
  static final int DATA_EPISODES = 200;
  /** The demo's recipe (resource beside this class), trained at its own step counts times --scale. */
  static final String RECIPE = "tabletop-demo.json";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--episodes", paramLabel = "N", defaultValue = "10", description = "Eval episodes per task family (default: ${DEFAULT-VALUE}).")
  int episodes;

  @Option(names = "--questions", paramLabel = "N", defaultValue = "500", description = "Held-out VQA questions, 5 per scene (default: ${DEFAULT-VALUE}; answering them takes seconds, and small families need the count).")
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

  @Option(names = "--threads", paramLabel = "N",
      description = "Intra-op threads (default: 1 on a machine with <= 2 cores, else all cores; CHATVLA_THREADS also works).")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    // jhdf warns about every attribute it reads from its own alpha-writer's files; keep the progress bars readable.
    System.setProperty("org.slf4j.simpleLogger.log.io.jhdf", "error");
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("--scale must be a finite number > 0, got " + scale);
    }
    threadsForDemo(threads).ifPresent(n -> System.setProperty("chatvla.threads", Integer.toString(n))); // read when the engine starts
    EvalSettings settings = EvalCommand.settings(episodes, null, questions, EvalSettings.DEFAULT_SEED,
        PaperExperiment.FRAME.height() + "x" + PaperExperiment.FRAME.width(), "BLOCK_8", 200, 8);
    Recipe recipe = demoRecipe().scaled(scale);
    GenerateConfig data = PaperExperiment.tabletopData(Math.max(5, (int) Math.round(DATA_EPISODES * scale)));
    PrintWriter o = spec.commandLine().getOut();
    if (fresh) {
      for (String sub : List.of("data", "train", "eval")) {
        deleteTree(out.resolve(sub));
      }
    }
    long start = System.nanoTime();
    o.printf(Locale.ROOT, "[1/4] data: %d oracle episodes at %dx%d -> %s%n", data.episodes(), PaperExperiment.FRAME.height(), PaperExperiment.FRAME.width(), out.resolve("data"));
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

  /**
   * The thread count to set, if any: {@code --threads}, else 1 on a machine with at most 2 cores unless
   * {@code chatvla.threads}/{@code CHATVLA_THREADS} says otherwise. Measured on 2 shared cores: the demo's stage 0 ran
   * at 4 samples/s with 2 threads while another job held a core (the two threads wait on each other) and at 68 samples/s
   * with 1 thread.
   */
  static Optional<Integer> threadsForDemo(Integer requested) {
    if (requested != null) {
      if (requested <= 0) {
        throw new IllegalArgumentException("--threads must be > 0, got " + requested);
      }
      return Optional.of(requested);
    }
    boolean configured = System.getProperty("chatvla.threads") != null || System.getenv("CHATVLA_THREADS") != null;
    return !configured && Runtime.getRuntime().availableProcessors() <= 2 ? Optional.of(1) : Optional.empty();
  }

  /** The demo's built-in recipe, {@value #RECIPE}. */
  static Recipe demoRecipe() {
    try (InputStream in = DemoCommand.class.getResourceAsStream(RECIPE)) {
      if (in == null) {
        throw new IllegalStateException("the demo recipe resource " + RECIPE + " is missing from the jar");
      }
      return RecipeJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo recipe " + RECIPE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
