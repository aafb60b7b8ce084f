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
import org.chatvla4j.config.Presets;
import org.chatvla4j.model.ChatVlaModel;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Parameter;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.weights.CheckpointFiles;
import org.chatvla4j.weights.TensorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chatvla inspect PATH}: the tensors of a safetensors file or checkpoint directory, one line each (name, dtype,
 * shape), then their count, parameters and bytes. {@code chatvla inspect --preset NAME}: the parameters of a model
 * preset per top-level component, counted on the meta device (nothing is allocated, so the 2B presets cost nothing).
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "List the tensors of a checkpoint: name, dtype, shape; then totals.",
      "PATH is a .safetensors file, a Hugging Face checkpoint directory (model.safetensors or sharded with"
          + " model.safetensors.index.json), or an index file.",
      "With --preset NAME instead: the parameter count of a model preset, per top-level component.",
    })
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PATH",
      description = "a .safetensors file, a checkpoint directory, or a model.safetensors.index.json")
  Path path;

  @Option(names = "--preset", paramLabel = "NAME", description = "count the parameters of a preset: tiny, qwen2-vl-2b, chatvla-2b")
  String preset;

  @Override
  public Integer call() throws IOException {
    if (path != null && preset != null) {
      throw new ParameterException(spec.commandLine(), "inspect takes PATH or --preset NAME, not both");
    }
    if (preset != null) {
      presetLines(preset).forEach(spec.commandLine().getOut()::println);
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (path == null) {
      throw new ParameterException(
          spec.commandLine(), "inspect needs PATH: a .safetensors file or a checkpoint directory (or --preset NAME)");
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

  /**
   * {@code preset: NAME}, one {@code COMPONENT: P} line per top-level name (visual, model, lm_head, policy_head, ...;
   * a tied lm_head shows 0 and what it shares), then {@code parameters: P} over the unique tensors.
   */
  static List<String> presetLines(String name) {
    ChatVlaModel model = new ChatVlaModel(Init.meta(DType.BF16), Presets.byName(name));
    java.util.SequencedMap<String, Long> byComponent = new java.util.LinkedHashMap<>();
    for (Parameter p : model.parameters().values()) {
      byComponent.merge(p.name().substring(0, p.name().indexOf('.')), p.numel(), Long::sum);
    }
    model.tiedParameters().keySet().forEach(tied -> byComponent.putIfAbsent(tied.substring(0, tied.indexOf('.')), 0L));
    List<String> lines = new ArrayList<>();
    lines.add("preset: " + name);
    int width = byComponent.keySet().stream().mapToInt(String::length).max().orElse(0);
    byComponent.forEach((component, count) -> {
      String tie = model.tiedParameters().entrySet().stream().filter(e -> e.getKey().startsWith(component + "."))
          .map(e -> "  (tied: " + e.getKey() + " = " + e.getValue() + ")").findFirst().orElse("");
      lines.add(pad(component + ":", width + 1) + " " + count + tie);
    });
    lines.add("parameters: " + model.parameterCount());
    return lines;
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
