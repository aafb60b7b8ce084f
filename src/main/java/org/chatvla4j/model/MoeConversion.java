package org.chatvla4j.model;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.ChatVlaConfig;
import org.chatvla4j.config.ConfigJson;
import org.chatvla4j.config.MoeConfig;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.model.action.ActionHead;
import org.chatvla4j.model.moe.StaticMoe;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.KeyMapping;
import org.chatvla4j.nn.LoadReport;
import org.chatvla4j.nn.Parameter;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.text.Tokenizer;
import org.chatvla4j.weights.CheckpointFiles;
import org.chatvla4j.weights.CheckpointWriter;
import org.chatvla4j.weights.SafetensorsDtype;
import org.chatvla4j.weights.TensorData;
import org.chatvla4j.weights.TensorInfo;

/**
 * ChatVLA's {@code --init_moe} as a file-to-file conversion: a dense Qwen2-VL checkpoint directory becomes a ChatVLA one
 * whose every decoder MLP is copied into both static experts ({@link StaticMoe#initMoeFrom}) and which gains a freshly
 * initialised ScaleDP head, in the source's dtype.
 *
 * <p>The source tensors are never loaded into a model: they stay memory-mapped views that the writer streams to the
 * new files (both experts read the same mapped bytes), so converting the 2B model needs the head's memory, not the
 * backbone's. Names are normalised through {@link KeyMapping#qwen2Vl()} (the newer {@code model.language_model.*}
 * layout is written in ChatVLA's {@code model.*} layout), and every name and shape is checked against the target
 * model (built on the meta device) before a byte is written. The output directory appears only when complete.
 */
public final class MoeConversion {
  /** Small files of an HF directory that travel with the weights (tokenizer.json is required, the rest optional). */
  private static final List<String> SIDE_FILES = List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
      "vocab.json", "merges.txt", "preprocessor_config.json", "chat_template.json", "generation_config.json");

  /** What to do when the output directory exists. */
  public enum ExistingOutput {
    /** Stop with an error; nothing is touched. */
    REFUSE,
    /** Swap the new checkpoint in once written; only a directory holding a config.json is replaced (a typo never deletes data). */
    REPLACE_CHECKPOINT
  }

  /** Reports bytes written to the new directory so far, of the total the conversion will write. */
  @FunctionalInterface
  public interface Progress {
    void bytesWritten(long done, long total);
  }

  /**
   * The outcome: the config written, how many dense MLP tensors were duplicated, the head's parameter count, the
   * weights' dtype and the tensor bytes written.
   */
  public record Result(ChatVlaConfig config, int mlpTensors, long headParameters, DType dtype, long bytes) {}

  private MoeConversion() {}

  /**
   * Converts {@code from} into {@code out}.
   *
   * @param head the action head to add (its {@code cond_dim} must be the decoder's hidden size)
   * @param seed the head's initialisation seed
   * @throws IOException for unreadable input or an existing {@code out} under {@link ExistingOutput#REFUSE}
   * @throws IllegalArgumentException when the source is not a dense Qwen2-VL checkpoint
   */
  public static Result convert(Path from, Path out, ScaleDpConfig head, long seed, ExistingOutput existing, Progress progress)
      throws IOException {
    Path target = out.toAbsolutePath().normalize();
    checkOutput(from, target, existing);
    ChatVlaConfig dense = readDenseConfig(from);
    if (head.condDim() != dense.text().hiddenSize()) {
      throw new IllegalArgumentException("the head's cond_dim is " + head.condDim() + " but the checkpoint's hidden_size is "
          + dense.text().hiddenSize() + "; build the head for cond_dim = hidden_size");
    }
    checkTokenizer(from);
    try (CheckpointFiles files = CheckpointFiles.open(from); Scope scope = Scope.open()) {
      KeyMapping mapping = KeyMapping.qwen2Vl();
      SequencedMap<String, TensorData> source = new LinkedHashMap<>();
      for (TensorInfo t : files.tensors()) {
        String ours = mapping.map(t.name());
        if (source.put(ours, files.tensor(t.name())) != null) {
          throw new IllegalArgumentException(from + ": two tensors map to '" + ours + "' (one of them " + t.name() + ")");
        }
      }
      DType dtype = weightDtype(source, dense);
      ChatVlaConfig converted = new ChatVlaConfig(dense.text(), dense.vision(), MoeConfig.staticTwoExperts(),
          java.util.Optional.of(head), dense.scheduler(), dense.tokens(), torchDtypeName(dtype));
      SequencedMap<String, TensorData> tensors = new LinkedHashMap<>(StaticMoe.initMoeFrom(source, converted.moe()));
      int mlpTensors = (int) source.keySet().stream().filter(k -> k.matches(".*\\.layers\\.\\d+\\.mlp\\..+")).count();
      ActionHead fresh = new ActionHead(Init.cpu(dtype, seed), head, converted.scheduler());
      for (Parameter p : fresh.parameters().values()) {
        tensors.put(p.name(), bytesOf(p.tensor(), p.shape()));
      }
      checkAgainstModel(converted, tensors, from);
      long bytes = tensors.values().stream().mapToLong(TensorData::byteSize).sum();
      write(from, target, converted, tensors, bytes, existing, progress);
      return new Result(converted, mlpTensors, fresh.parameterCount(), dtype, bytes);
    }
  }

  private static void checkOutput(Path from, Path target, ExistingOutput existing) throws IOException {
    if (target.equals(from.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("--out " + target + " is the source directory; write the ChatVLA checkpoint elsewhere");
    }
    if (!Files.exists(target)) {
      return;
    }
    if (existing == ExistingOutput.REFUSE) {
      throw new IOException("output " + target + " already exists; choose another --out or pass --replace to overwrite it");
    }
    if (!Files.isRegularFile(target.resolve("config.json"))) {
      throw new IOException("output " + target + " exists but is not a checkpoint directory (no config.json); --replace only"
          + " replaces checkpoints, so remove it yourself if that is what you want");
    }
  }

  private static ChatVlaConfig readDenseConfig(Path from) throws IOException {
    if (!Files.isDirectory(from)) {
      throw new IOException(from + " is not a directory; --from takes a Qwen2-VL checkpoint directory");
    }
    Path config = from.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      throw new IOException(from + " is not a checkpoint directory: config.json is missing");
    }
    ChatVlaConfig c = ConfigJson.read(config);
    if (c.moe().usingMoe()) {
      throw new IllegalArgumentException(config + " has using_moe = true: the checkpoint already has static experts");
    }
    if (c.actionHead().isPresent()) {
      throw new IllegalArgumentException(config + " already has a policy_head_config; init-moe starts from a dense Qwen2-VL");
    }
    return c;
  }

  private static void checkTokenizer(Path from) throws IOException {
    Path tok = from.resolve("tokenizer.json");
    if (!Files.isRegularFile(tok)) {
      throw new IOException(from + ": tokenizer.json is missing; a ChatVLA checkpoint carries its tokenizer");
    }
    try (Tokenizer t = Tokenizer.load(tok)) {
      t.specialTokens(); // names the chat/vision tokens it lacks
    }
  }

  /** The dtype of the token embeddings (what the whole checkpoint is stored in), else config.json's torch_dtype. */
  private static DType weightDtype(Map<String, TensorData> source, ChatVlaConfig c) {
    TensorData embed = source.get("model.embed_tokens.weight");
    return embed == null ? DType.parse(c.torchDtype()) : DType.valueOf(embed.dtype().name());
  }

  private static String torchDtypeName(DType d) {
    return switch (d) {
      case F32 -> "float32";
      case BF16 -> "bfloat16";
      case F16 -> "float16";
      default -> throw new IllegalArgumentException("weights stored as " + d + " are not a model dtype; use bf16, f16 or f32");
    };
  }

  /** A view of a parameter's bytes; valid while the parameter lives (parameters are kept for the module's lifetime). */
  private static TensorData bytesOf(Tensor t, long[] shape) {
    Tensor c = t.detach().contiguous(); // held by the caller's scope until written
    long n = c.numel() * c.element_size();
    MemorySegment seg = n == 0 ? MemorySegment.ofArray(new byte[0]) : MemorySegment.ofAddress(c.data_ptr().address()).reinterpret(n);
    return new TensorData(SafetensorsDtype.valueOf(DType.of(c.scalar_type()).safetensorsName()), shape, seg);
  }

  /** Every name and shape of the output against the target model's parameters (meta device: nothing allocated). */
  private static void checkAgainstModel(ChatVlaConfig config, Map<String, TensorData> tensors, Path from) {
    ChatVlaModel model = new ChatVlaModel(Init.meta(DType.parse(config.torchDtype())), config);
    Map<String, Parameter> params = model.parameters();
    List<String> missing = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    for (Parameter p : params.values()) {
      TensorData t = tensors.get(p.name());
      if (t == null) {
        missing.add(p.name() + " " + Arrays.toString(p.shape()));
      } else if (!Arrays.equals(t.shape(), p.shape())) {
        mismatches.add(p.name() + ": checkpoint " + Arrays.toString(t.shape()) + ", model " + Arrays.toString(p.shape()));
      }
    }
    List<String> unexpected = tensors.keySet().stream()
        .filter(k -> !params.containsKey(k) && !model.tiedParameters().containsKey(k)).toList();
    LoadReport report = new LoadReport(from.toString(), missing, unexpected, mismatches);
    if (!report.isClean()) {
      throw new LoadReport.LoadException(report);
    }
  }

  private static void write(Path from, Path target, ChatVlaConfig config, SequencedMap<String, TensorData> tensors, long bytes,
      ExistingOutput existing, Progress progress) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".converting-");
    Thread poller = Thread.ofVirtual().start(() -> pollProgress(tmp, bytes, progress));
    try {
      for (String name : SIDE_FILES) {
        if (Files.isRegularFile(from.resolve(name))) {
          Files.copy(from.resolve(name), tmp.resolve(name));
        }
      }
      ConfigJson.write(config, tmp.resolve("config.json"));
      new CheckpointWriter(CheckpointWriter.DEFAULT_MAX_SHARD_BYTES).write(tmp, tensors, Map.of("format", "pt"));
      stop(poller);
      progress.bytesWritten(bytes, bytes);
      Path old = null;
      if (Files.exists(target)) {
        if (existing != ExistingOutput.REPLACE_CHECKPOINT) { // appeared while we were writing
          throw new IOException("output " + target + " appeared during the conversion; nothing was replaced");
        }
        old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      if (old != null) {
        deleteTree(old);
      }
    } finally {
      stop(poller);
      if (Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
  }

  private static void stop(Thread poller) {
    poller.interrupt();
    try {
      poller.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The writer has no per-tensor hook; the staging directory's size is an exact measure of what it has written. */
  private static void pollProgress(Path dir, long total, Progress progress) {
    while (!Thread.currentThread().isInterrupted()) {
      try (Stream<Path> files = Files.list(dir)) {
        long done = files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).mapToLong(p -> p.toFile().length()).sum();
        progress.bytesWritten(Math.min(done, total), total);
        Thread.sleep(250);
      } catch (IOException | java.io.UncheckedIOException e) {
        return; // the directory was moved or removed: the conversion is over
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
