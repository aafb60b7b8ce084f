package org.chatvla4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalConfig;
import org.chatvla4j.world.eval.EvalReport;
import org.chatvla4j.world.eval.GifRecorder;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.oracle.PushOracle;
import org.chatvla4j.world.render.SceneRenderer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatvla world ...}: the built-in tabletop world (a planar re-creation of Language-Table). */
@Command(
    name = "world",
    mixinStandardHelpOptions = true,
    description = "The built-in tabletop world: a planar re-creation of Language-Table.",
    subcommands = {WorldCommand.EvalOracle.class, WorldGenerateCommand.class, WorldRenderCommand.class})
public final class WorldCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code chatvla world eval-oracle}: the official rollout protocol driven by the scripted push oracle. */
  @Command(
      name = "eval-oracle",
      mixinStandardHelpOptions = true,
      description = {
        "Run the eval protocol (seeded layouts the oracle can plan, <= max-steps steps) with the scripted push oracle",
        "and print the success per task family and the mean. Progress goes to stderr."
      })
  static final class EvalOracle implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--episodes",
        paramLabel = "N",
        description = "Episodes per family (default: ${DEFAULT-VALUE}).",
        defaultValue = "50")
    int episodes;

    @Option(
        names = "--families",
        paramLabel = "F",
        split = ",",
        description =
            "Comma-separated task families (default: the five eval families); also point2block.")
    List<String> families;

    @Option(
        names = "--blocks",
        paramLabel = "SET",
        description = "Block set: BLOCK_4, BLOCK_8 or N_CHOOSE_K (default: ${DEFAULT-VALUE}).",
        defaultValue = "BLOCK_8")
    String blocks;

    @Option(names = "--seed", paramLabel = "S", description = "Base seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(
        names = "--max-steps",
        paramLabel = "N",
        description = "Step limit per episode (default: ${DEFAULT-VALUE}).",
        defaultValue = "200")
    int maxSteps;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Option(
        names = "--gif",
        paramLabel = "DIR",
        description = "Save the first episode of each family as DIR/<family>_0.gif (camera view, 10 fps).")
    Path gifDir;

    @Option(names = "--gif-size", paramLabel = "HxW", description = "GIF frame size (default: ${DEFAULT-VALUE}).",
        defaultValue = "180x320")
    String gifSize;

    @Override
    public Integer call() {
      List<TaskFamily> fams =
          families == null || families.isEmpty()
              ? TaskFamily.EVAL_FAMILIES
              : families.stream().map(TaskFamily::parse).toList();
      EvalConfig config = new EvalConfig(fams, episodes, maxSteps, BlockSet.parse(blocks), seed);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "oracle eval: %s, %d episode(s) per family, <= %d steps, seed %d%n",
          config.blockSet(),
          config.episodesPerFamily(),
          config.maxSteps(),
          config.seed());
      out.flush();
      long t0 = System.nanoTime();
      RolloutRunner runner = new RolloutRunner(config).progress(!noProgress);
      GifRecorder gifs = null;
      if (gifDir != null) {
        gifs = new GifRecorder(SceneRenderer.languageTable(ImageSizes.parse(gifSize, "--gif-size")), gifDir,
            GifRecorder.firstOfEachFamily());
        runner.listener(gifs);
      }
      EvalReport report = runner.run(env -> new PushOracle(env::task));
      out.print(report.table());
      if (gifs != null) {
        gifs.written().forEach(p -> out.println("wrote " + p));
      }
      out.printf(Locale.ROOT, "(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
      out.flush();
      return 0;
    }
  }
}
