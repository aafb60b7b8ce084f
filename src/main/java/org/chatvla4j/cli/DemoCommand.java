package org.chatvla4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The README's main job. Until the training and evaluation issues land it reports which parts exist and which do
 * not, and exits non-zero so no script mistakes it for a finished demo.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Generate tabletop data, train a tiny ChatVLA through all phases, evaluate, open the playground.")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println(
        """
        The full demo (data -> phased training -> closed-loop eval -> playground) is not built yet.
        What runs today:
          ./chatvla inspect PATH|--preset NAME   tensors of a checkpoint, parameter count of a preset
          ./chatvla world eval-oracle            the tabletop world's eval protocol, driven by the scripted oracle
        Track progress in the README's status table.""");
    return 2;
  }
}
