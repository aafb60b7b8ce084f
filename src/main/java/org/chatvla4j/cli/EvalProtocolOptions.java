package org.chatvla4j.cli;

import java.util.List;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalConfig;
import picocli.CommandLine.Option;

/** The tabletop eval protocol's options, shared by every command that runs rollouts (a picocli mixin). */
final class EvalProtocolOptions {
  @Option(names = "--episodes", paramLabel = "N", defaultValue = "50", description = "Episodes per family (default: ${DEFAULT-VALUE}).")
  int episodes;

  @Option(names = "--families", split = ",", paramLabel = "F",
      description = "Comma-separated task families (default: the five eval families); also point2block.")
  List<String> families;

  @Option(names = "--blocks", paramLabel = "SET", defaultValue = "BLOCK_8",
      description = "Block set: BLOCK_4, BLOCK_8 or N_CHOOSE_K (default: ${DEFAULT-VALUE}).")
  String blocks;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Base seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-steps", paramLabel = "N", defaultValue = "200", description = "Step limit per episode (default: ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  /** The validated protocol: unknown families or block sets fail here, naming the valid ones. */
  EvalConfig toConfig() {
    List<TaskFamily> fams = families == null || families.isEmpty()
        ? TaskFamily.EVAL_FAMILIES : families.stream().map(TaskFamily::parse).toList();
    return new EvalConfig(fams, episodes, maxSteps, BlockSet.parse(blocks), seed);
  }
}
