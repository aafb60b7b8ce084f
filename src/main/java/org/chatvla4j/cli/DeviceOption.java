package org.chatvla4j.cli;

import org.chatvla4j.tensor.Device;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --device cpu|cuda[:N]} of the commands that load one model and run it in this process (chat, serve, eval; a
 * picocli mixin). {@code train} keeps its own: a plain {@code cuda} there means {@code cuda:LOCAL_RANK} per worker.
 */
final class DeviceOption {
  @Spec(Spec.Target.MIXEE) CommandSpec command;

  @Option(names = "--device", paramLabel = "cpu|cuda[:N]", defaultValue = "cpu",
      description = "Where the model runs (default: ${DEFAULT-VALUE}); cuda needs the GPU build (mvn -Pgpu).")
  String device;

  /**
   * The device to move the model to, checked before the (possibly long) load: a malformed value is a usage error
   * (exit 2, naming the forms), and a CUDA device this build or machine cannot use stops with the fix. Plain
   * {@code cuda} is {@code cuda:0}: one process, one GPU.
   */
  Device resolveBeforeLoading() {
    Device where;
    try {
      where = Device.parse(device).withDefaultIndex(0);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(command.commandLine(), e.getMessage());
    }
    where.unavailableReason().ifPresent(why -> {
      throw new IllegalArgumentException("--device " + device.strip() + " cannot run here: " + why);
    });
    return where;
  }
}
