package org.chatvla4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.chatvla4j.eval.ExperimentBudget;
import org.chatvla4j.eval.ExperimentReport;
import org.chatvla4j.eval.PaperExperiment;
import org.chatvla4j.eval.PaperSetting;
import org.chatvla4j.train.ConsoleProgress;
import org.chatvla4j.train.TrainingProgress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chatvla experiment paper}: the paper's training settings as recipes on one dataset, evaluated alike. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = {
      "experiment paper: generate (or reuse) one tabletop dataset, train the paper's settings on it (VLM only, robot only,",
      "robot + reasoning, co-training from the start (dense), phased (dense), ChatVLA (phased + MoE)), evaluate each, and",
      "write OUT/experiment.md/.json (setting x success per family, VQA per family), OUT/experiment.png and the forgetting",
      "curve OUT/forgetting.png. Finished runs are reused; run the same command again to continue an interrupted one."
    })
final class ExperimentCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The experiment: paper.")
  String name;

  @Option(names = "--budget", paramLabel = "B", defaultValue = "quick", description = "toy, quick (<= 90 min on 2 cores) or full (default: ${DEFAULT-VALUE}).")
  String budget;

  @Option(names = "--settings", split = ",", paramLabel = "S", description = "Only these settings (default: all six): vlm-only, robot-only, robot-reasoning, cotrain-dense, phased-dense, chatvla.")
  List<String> settings;

  @Option(names = "--out", paramLabel = "DIR", description = "Experiment directory (default: runs/experiment-paper-BUDGET).")
  Path out;

  @Option(names = "--no-progress", description = "Do not draw progress bars.")
  boolean noProgress;

  @Option(names = "--threads", paramLabel = "N",
      description = "Intra-op threads (default: 1 on a machine with <= 2 cores, else all cores; CHATVLA_THREADS also works).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    // jhdf warns about every attribute it reads from its own alpha-writer's files; keep the progress bars readable.
    System.setProperty("org.slf4j.simpleLogger.log.io.jhdf", "error");
    if (!"paper".equals(name)) {
      throw new IllegalArgumentException("unknown experiment '" + name + "'; experiments: [paper]");
    }
    ExperimentBudget b = ExperimentBudget.named(budget);
    DemoCommand.threadsForDemo(threads).ifPresent(n -> System.setProperty("chatvla.threads", Integer.toString(n))); // read when the engine starts
    List<PaperSetting> chosen = settings == null || settings.isEmpty() ? PaperSetting.ALL : settings.stream().map(PaperSetting::byId).toList();
    Path dir = out != null ? out : Path.of("runs", "experiment-paper-" + b.name());
    PrintWriter o = spec.commandLine().getOut();
    o.printf("experiment paper, %s budget: %d setting(s) -> %s%n", b.name(), chosen.size(), dir);
    o.flush();
    PaperExperiment experiment = new PaperExperiment(b, chosen, dir, new VersionProvider().getVersion()[0]).progress(!noProgress);
    try (TrainingProgress progress = noProgress ? TrainingProgress.silent() : new ConsoleProgress(System.err)) {
      List<PaperExperiment.Row> rows = experiment.run(System.out, progress);
      o.println();
      o.print(ExperimentReport.markdown(b, rows));
    }
    o.println("table: " + dir.resolve(ExperimentReport.MARKDOWN).toAbsolutePath());
    o.flush();
    return 0;
  }
}
