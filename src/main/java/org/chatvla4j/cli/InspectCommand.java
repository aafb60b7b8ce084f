package org.chatvla4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.chatvla4j.weights.CheckpointFiles;
import org.chatvla4j.weights.TensorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chatvla inspect PATH}: the tensors of a safetensors file or checkpoint directory, one line each (name, dtype,
 * shape), then their count, parameters and bytes. PATH is optional so that other sources (a model preset) can be
 * added as options beside it.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "List the tensors of a checkpoint: name, dtype, shape; then totals.",
      "PATH is a .safetensors file, a Hugging Face checkpoint directory (model.safetensors or sharded with"
          + " model.safetensors.index.json), or an index file.",
    })
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PATH",
      description = "a .safetensors file, a checkpoint directory, or a model.safetensors.index.json")
  Path path;

  @Override
  public Integer call() throws IOException {
    if (path == null) {
      throw new ParameterException(
          spec.commandLine(), "inspect needs PATH: a .safetensors file or a checkpoint directory");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (CheckpointFiles checkpoint = CheckpointFiles.open(path)) {
      List<TensorInfo> tensors = checkpoint.tensors();
      tensorLines(tensors).forEach(out::println);
      out.println(totalsLine(tensors));
      long bytes = checkpoint.tensorBytes();
      OptionalLong declared = checkpoint.declaredTotalSize();
      if (declared.isPresent() && declared.getAsLong() != bytes) {
        spec.commandLine()
            .getErr()
            .println("note: the index's metadata.total_size says " + declared.getAsLong() + " bytes; the tensors"
                + " hold " + bytes);
      }
    }
    out.flush();
    return 0;
  }

  /** One line per tensor, in columns: name, dtype, shape. */
  static List<String> tensorLines(List<TensorInfo> tensors) {
    int nameWidth = tensors.stream().mapToInt(t -> t.name().length()).max().orElse(0);
    int dtypeWidth = tensors.stream().mapToInt(t -> t.dtype().headerName().length()).max().orElse(0);
    List<String> lines = new ArrayList<>(tensors.size());
    for (TensorInfo t : tensors) {
      lines.add(
          pad(t.name(), nameWidth) + "  " + pad(t.dtype().headerName(), dtypeWidth) + "  " + shapeText(t.shape()));
    }
    return lines;
  }

  /** {@code tensors: N  parameters: P  bytes: B}. */
  static String totalsLine(List<TensorInfo> tensors) {
    long parameters = tensors.stream().mapToLong(TensorInfo::elementCount).sum();
    long bytes = tensors.stream().mapToLong(TensorInfo::byteLength).sum();
    return "tensors: " + tensors.size() + "  parameters: " + parameters + "  bytes: " + bytes;
  }

  private static String shapeText(long[] shape) {
    return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
