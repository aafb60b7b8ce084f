package org.chatvla4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.chatvla4j.config.ConfigJson;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.GenerationConfig;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Device;
import org.chatvla4j.tensor.Scope;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code chatvla chat}: asks a checkpoint a question (the understanding expert) and prints the answer; a REPL without one. */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Ask a model a question about images and print its answer (ChatVLA's understanding expert, a KV-cached decode).",
      "Without a QUESTION it reads one question per line from standard input and answers each (the same images for all);"
          + " an empty input or end of input stops it.",
    })
final class ChatCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "checkpoint directory (config.json, weights, tokenizer.json)")
  Path model;

  @Option(names = "--image", paramLabel = "FILE", description = "an image the question is about (repeatable)")
  List<Path> images = new ArrayList<>();

  @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "256", description = "answer length limit (default: ${DEFAULT-VALUE})")
  int maxTokens;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "0 = greedy (default); > 0 samples")
  double temperature;

  @Option(names = "--top-p", paramLabel = "P", defaultValue = "1", description = "nucleus sampling mass (default: ${DEFAULT-VALUE})")
  double topP;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "sampling seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--dtype", paramLabel = "D", defaultValue = "auto",
      description = "compute dtype: auto (the checkpoint's torch_dtype — bf16 for the 2B models where the CPU has AMX or"
          + " AVX-512 BF16, else f32 — f32 for tiny), bf16 or f32")
  String dtype;

  @CommandLine.Mixin DeviceOption device;

  @Parameters(arity = "0..*", paramLabel = "QUESTION", description = "the question (words are joined); omit it for the REPL")
  List<String> question = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    GenerationConfig generation = new GenerationConfig(maxTokens, temperature, topP, Set.of());
    String q = String.join(" ", question).strip();
    if (!question.isEmpty() && q.isEmpty()) {
      throw new IllegalArgumentException("the question is empty; ask something, or omit it to read questions from standard input");
    }
    Device where = device.resolveBeforeLoading();
    ChatVla vla;
    try (Scope s = Scope.open()) { // frees the build's temporaries (f32 draws before the cast); parameters are kept
      vla = ChatVla.load(checkpointDir(model), computeDtype(model, dtype)).to(where);
    }
    List<RgbImage> pictures = new ArrayList<>();
    for (Path f : images) {
      pictures.add(ImageFiles.read(f, vla.imageProcessor().bounds()));
    }
    PrintWriter out = spec.commandLine().getOut();
    SplittableRandom rng = new SplittableRandom(seed);
    if (!q.isEmpty()) {
      out.println(answer(vla, q, pictures, generation, rng));
      out.flush();
      return 0;
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    boolean console = System.console() != null;
    while (true) {
      if (console) {
        System.err.print("> ");
        System.err.flush();
      }
      String line = in.readLine();
      if (line == null || line.isBlank()) {
        return 0;
      }
      out.println(answer(vla, line.strip(), pictures, generation, rng));
      out.flush();
    }
  }

  private static String answer(ChatVla vla, String q, List<RgbImage> pictures, GenerationConfig g, SplittableRandom rng) {
    try (Scope s = Scope.open()) {
      return vla.generateText(q, pictures, g, rng);
    }
  }

  /** {@code dir} when it is a directory; a clear message when it is not (load() names what it lacks inside one). */
  static Path checkpointDir(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      throw new IOException("--model " + dir + " does not exist; give a checkpoint directory (config.json, weights, tokenizer.json)");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException("--model " + dir + " is a file; give the checkpoint directory that holds config.json");
    }
    return dir;
  }

  /**
   * {@code auto} reads the checkpoint's torch_dtype, but computes in f32 where bf16 would be emulated (no AMX or AVX-512
   * BF16: a bf16 GEMM is ~50× slower than f32 there) and for f16 checkpoints (f16 matmuls are slow on CPUs).
   */
  static DType computeDtype(Path dir, String choice) throws IOException {
    String name = choice;
    if (choice.equalsIgnoreCase("auto")) {
      Path config = dir.resolve("config.json");
      if (!Files.isRegularFile(config)) {
        throw new IOException(dir + " is not a checkpoint directory: config.json is missing");
      }
      name = ConfigJson.read(config).torchDtype();
    }
    DType d = DType.parse(name);
    return switch (d) {
      case BF16 -> choice.equalsIgnoreCase("auto") ? org.chatvla4j.tensor.Engine.start().preferredWeightDtype() : DType.BF16;
      case F32 -> DType.F32;
      case F16 -> choice.equalsIgnoreCase("auto") ? DType.F32 : unsupported(choice);
      default -> unsupported(choice);
    };
  }

  private static DType unsupported(String choice) {
    throw new IllegalArgumentException("--dtype " + choice + " is not a compute dtype; use auto, bf16 or f32");
  }
}
