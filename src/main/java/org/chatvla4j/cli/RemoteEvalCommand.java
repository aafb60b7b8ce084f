package org.chatvla4j.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.chatvla4j.policy.RemotePolicy;
import org.chatvla4j.policy.TabletopPolicy;
import org.chatvla4j.world.eval.EvalConfig;
import org.chatvla4j.world.eval.EvalReport;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.SceneRenderer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatvla eval-remote --server ws://...}: the tabletop eval protocol against a policy served over openpi's protocol. */
@Command(
    name = "eval-remote",
    mixinStandardHelpOptions = true,
    description = {
      "Run the tabletop eval protocol against a policy server (openpi websocket protocol, e.g. `chatvla serve`).",
      "Each step sends observation/image (the rendered 180x320 camera), observation/state [effector xy, target xy] and",
      "the instruction as prompt; the first --actions-per-query actions of each chunk are executed."
    })
public final class RemoteEvalCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--server", required = true, paramLabel = "URL", description = "Policy server address, e.g. ws://127.0.0.1:8000.")
  URI server;

  @CommandLine.Mixin EvalProtocolOptions protocol;

  @Option(names = "--actions-per-query", paramLabel = "N", defaultValue = "8", description = "Actions executed per chunk (default: ${DEFAULT-VALUE}).")
  int actionsPerQuery;

  @Override
  public Integer call() {
    EvalConfig config = protocol.toConfig();
    PrintWriter out = spec.commandLine().getOut();
    SceneRenderer renderer = SceneRenderer.languageTable(ImageSize.languageTable());
    try (RemotePolicy remote = RemotePolicy.connect(server, Duration.ofMinutes(5))) {
      out.printf(Locale.ROOT, "remote eval against %s (model %s): %s, %d episode(s) per family, <= %d steps%n",
          server, remote.metadata().get("model"), config.blockSet(), config.episodesPerFamily(), config.maxSteps());
      out.flush();
      long t0 = System.nanoTime();
      EvalReport report = new RolloutRunner(config).renderer(s -> renderer.render(s).toBufferedImage()).progress(!protocol.noProgress)
          .run(env -> new TabletopPolicy(remote, actionsPerQuery));
      out.print(report.table());
      out.printf(Locale.ROOT, "(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
      out.flush();
    }
    return 0;
  }
}
