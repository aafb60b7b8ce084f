package org.chatvla4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.chatvla4j.config.ConfigJson;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.model.MoeConversion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chatvla init-moe}: a dense Qwen2-VL checkpoint → a ChatVLA checkpoint (both experts copied, fresh head). */
@Command(
    name = "init-moe",
    mixinStandardHelpOptions = true,
    description = {
      "Turn a dense Qwen2-VL checkpoint directory into a ChatVLA one: every decoder MLP is copied into both static"
          + " experts (understanding, control) and a freshly initialised ScaleDP action head is added.",
      "Weights keep the source dtype; tensors are streamed from the memory-mapped source, so the backbone is never held"
          + " in memory twice. The output directory appears only once complete.",
    })
final class InitMoeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "DIR", description = "dense Qwen2-VL checkpoint directory")
  Path from;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the ChatVLA checkpoint")
  Path out;

  @Option(names = "--head", paramLabel = "NAME", defaultValue = "scaledp-l",
      description = "action head: scaledp-l, scaledp-h or tiny (default: ${DEFAULT-VALUE})")
  String head;

  @Option(names = "--state-dim", paramLabel = "N", defaultValue = "7",
      description = "robot state values (default: ${DEFAULT-VALUE}, the paper's Franka setup)")
  int stateDim;

  @Option(names = "--action-dim", paramLabel = "N", defaultValue = "10",
      description = "action values per step (default: ${DEFAULT-VALUE}: xyz + 6-D rotation + gripper)")
  int actionDim;

  @Option(names = "--chunk", paramLabel = "N", description = "actions per chunk (default: 16 for scaledp-l/h, 8 for tiny)")
  Integer chunk;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "head initialisation seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--replace", description = "replace --out if it already holds a checkpoint")
  boolean replace;

  @Option(names = "--no-progress", description = "do not draw the progress bar")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    HeadPreset preset = HeadPreset.byName(head);
    Path config = from.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      throw new IOException(from + " is not a checkpoint directory: config.json is missing");
    }
    int hidden = ConfigJson.read(config).text().hiddenSize();
    ScaleDpConfig headConfig = preset.config(actionDim, stateDim, chunk == null ? preset.defaultChunk() : chunk, hidden);
    MoeConversion.ExistingOutput existing =
        replace ? MoeConversion.ExistingOutput.REPLACE_CHECKPOINT : MoeConversion.ExistingOutput.REFUSE;
    MoeConversion.Result r;
    try (ProgressBar bar = noProgress ? null : progressBar()) {
      r = MoeConversion.convert(from, out, headConfig, seed, existing, (done, total) -> {
        if (bar != null) {
          bar.maxHint(total / (1 << 20));
          bar.stepTo(done / (1 << 20));
        }
      });
    }
    PrintWriter o = spec.commandLine().getOut();
    o.println("wrote " + out + ": " + r.mlpTensors() + " dense MLP tensors copied into 2 experts, " + preset + " head ("
        + r.headParameters() + " parameters, action_dim " + actionDim + ", state_dim " + stateDim + ", chunk "
        + headConfig.predictionHorizon() + "), " + r.dtype() + ", " + r.bytes() + " tensor bytes");
    o.flush();
    return 0;
  }

  private static ProgressBar progressBar() {
    return new ProgressBarBuilder()
        .setTaskName("init-moe")
        .setUnit(" MiB", 1)
        .setInitialMax(1)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(250)
        .build();
  }
}
