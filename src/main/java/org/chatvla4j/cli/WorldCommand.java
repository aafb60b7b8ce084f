package org.chatvla4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
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

    @CommandLine.Mixin EvalProtocolOptions protocol;

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
      EvalConfig config = protocol.toConfig();
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
      RolloutRunner runner = new RolloutRunner(config).progress(!protocol.noProgress);
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
