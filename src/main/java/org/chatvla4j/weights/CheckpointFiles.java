package org.chatvla4j.weights;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The weights of a Hugging Face checkpoint directory, looked up by tensor name across files: either one
 * {@code model.safetensors} or shards {@code model-0000i-of-0000n.safetensors} listed by
 * {@code model.safetensors.index.json}. Like transformers, a directory holding both uses {@code model.safetensors}.
 */
public final class CheckpointFiles implements Closeable {
  /** The single-file checkpoint's name. */
  public static final String SINGLE_FILE = "model.safetensors";
  /** The sharded checkpoint's index name. */
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private final Path source;
  private final Optional<Path> indexFile;
  private final Optional<ShardIndex> index;
  private final List<SafetensorsFile> files;
  private final SequencedMap<String, SafetensorsFile> fileOf;

  private CheckpointFiles(
      Path source,
      Optional<Path> indexFile,
      Optional<ShardIndex> index,
      List<SafetensorsFile> files,
      SequencedMap<String, SafetensorsFile> fileOf) {
    this.source = source;
    this.indexFile = indexFile;
    this.index = index;
    this.files = List.copyOf(files);
    this.fileOf = fileOf;
  }

  /**
   * Opens a checkpoint directory, an index file, or one {@code .safetensors} file, and checks that every shard exists
   * and holds exactly the tensors the index maps to it.
   *
   * @throws SafetensorsException naming the file or index, the tensor and the problem
   */
  public static CheckpointFiles open(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      if (Files.isRegularFile(path.resolve(SINGLE_FILE))) {
        return openSingle(path, path.resolve(SINGLE_FILE));
      }
      if (Files.isRegularFile(path.resolve(INDEX_FILE))) {
        return openSharded(path, path.resolve(INDEX_FILE));
      }
      throw SafetensorsException.ofFile(
          path, "directory holds neither " + SINGLE_FILE + " nor " + INDEX_FILE + listSafetensors(path)
              + ": pass a .safetensors file itself, or the directory of a Hugging Face checkpoint");
    }
    if (!Files.exists(path)) {
      throw SafetensorsException.ofFile(
          path, "no such file or directory (expected a .safetensors file, a checkpoint directory or a "
              + INDEX_FILE + ")");
    }
    if (path.getFileName().toString().endsWith(".index.json")) {
      return openSharded(path, path);
    }
    return openSingle(path, path);
  }

  private static String listSafetensors(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> found =
          entries.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".safetensors") || n.endsWith(".index.json"))
              .sorted()
              .toList();
      return found.isEmpty() ? " (and no .safetensors file)" : " (found: " + String.join(", ", found) + ")";
    }
  }

  private static CheckpointFiles openSingle(Path source, Path file) throws IOException {
    SafetensorsFile f = SafetensorsFile.open(file);
    SequencedMap<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
    f.tensors().forEach(t -> fileOf.put(t.name(), f));
    return new CheckpointFiles(source, Optional.empty(), Optional.empty(), List.of(f), fileOf);
  }

  private static CheckpointFiles openSharded(Path source, Path indexFile) throws IOException {
    ShardIndex index = ShardIndex.read(indexFile);
    if (index.weightMap().isEmpty()) {
      throw SafetensorsException.ofFile(indexFile, "weight_map is empty: the index lists no tensor");
    }
    Path dir = indexFile.toAbsolutePath().getParent();
    // Shard name -> the tensors the index puts there; sorted names give model-00001 first.
    TreeMap<String, List<String>> byShard = new TreeMap<>();
    index.weightMap().forEach((tensor, shard) -> byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(tensor));
    for (Map.Entry<String, List<String>> e : byShard.entrySet()) {
      Path shard = dir.resolve(e.getKey());
      if (!Files.isRegularFile(shard)) {
        List<String> needing = e.getValue();
        throw SafetensorsException.ofTensor(
            indexFile, needing.getFirst(), "the index maps it to shard '" + e.getKey() + "', which is missing ("
                + shard + " does not exist; " + needing.size() + " tensors need it): copy the shard into the"
                + " directory or regenerate the index");
      }
    }
    List<SafetensorsFile> opened = new ArrayList<>();
    try {
      SequencedMap<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> e : byShard.entrySet()) {
        SafetensorsFile shard = SafetensorsFile.open(dir.resolve(e.getKey()));
        opened.add(shard);
        for (String tensor : e.getValue()) {
          if (!shard.contains(tensor)) {
            throw SafetensorsException.ofTensor(
                indexFile, tensor, "the index maps it to shard '" + e.getKey() + "', which has no such tensor: the"
                    + " index is stale; regenerate it");
          }
        }
        for (TensorInfo t : shard.tensors()) {
          if (!e.getKey().equals(index.weightMap().get(t.name()))) {
            throw SafetensorsException.ofTensor(
                shard.path(), t.name(), "the shard holds this tensor but " + indexFile + " maps it to "
                    + Optional.ofNullable(index.weightMap().get(t.name())).map(s -> "'" + s + "'").orElse("no shard")
                    + ": the index is stale; regenerate it");
          }
          fileOf.put(t.name(), shard);
        }
      }
      return new CheckpointFiles(source, Optional.of(indexFile), Optional.of(index), opened, fileOf);
    } catch (IOException | RuntimeException e) {
      opened.forEach(SafetensorsFile::close);
      throw e;
    }
  }

  /** The path this was opened from. */
  public Path path() {
    return source;
  }

  /** The index file, for a sharded checkpoint. */
  public Optional<Path> indexFile() {
    return indexFile;
  }

  /** The index, for a sharded checkpoint. */
  public Optional<ShardIndex> index() {
    return index;
  }

  /** The safetensors files, shards in name order. */
  public List<Path> files() {
    return files.stream().map(SafetensorsFile::path).toList();
  }

  /** The {@code __metadata__} of the first file (Hugging Face writes the same map into every shard). */
  public SequencedMap<String, String> metadata() {
    return files.getFirst().metadata();
  }

  /** Every tensor's header entry: files in name order, header order within a file. */
  public List<TensorInfo> tensors() {
    List<TensorInfo> out = new ArrayList<>(fileOf.size());
    for (SafetensorsFile f : files) {
      for (TensorInfo t : f.tensors()) {
        out.add(t);
      }
    }
    return out;
  }

  /** Whether some file of the checkpoint holds this tensor. */
  public boolean contains(String name) {
    return fileOf.containsKey(name);
  }

  /**
   * The file that holds tensor {@code name}.
   *
   * @throws SafetensorsException if no file does
   */
  public Path fileOf(String name) throws SafetensorsException {
    return holder(name).path();
  }

  /** The header entry of tensor {@code name}. */
  public TensorInfo info(String name) throws SafetensorsException {
    return holder(name).info(name);
  }

  /** Tensor {@code name}'s bytes as a read-only view into its file's mapping, valid until {@link #close()}. */
  public TensorData tensor(String name) throws SafetensorsException {
    return holder(name).tensor(name);
  }

  private SafetensorsFile holder(String name) throws SafetensorsException {
    SafetensorsFile f = fileOf.get(name);
    if (f == null) {
      Path where = indexFile.orElse(files.getFirst().path());
      throw SafetensorsException.ofTensor(
          where, name, "no such tensor in this checkpoint; it holds " + fileOf.size() + " tensors"
              + SafetensorsFile.sample(List.copyOf(fileOf.keySet())));
    }
    return f;
  }

  /** Total elements over all tensors. */
  public long parameterCount() {
    return tensors().stream().mapToLong(TensorInfo::elementCount).sum();
  }

  /** Total tensor bytes over all files (headers not counted), what {@code metadata.total_size} should say. */
  public long tensorBytes() {
    return tensors().stream().mapToLong(TensorInfo::byteLength).sum();
  }

  /** {@code metadata.total_size} of the index, when there is one that states it. */
  public OptionalLong declaredTotalSize() {
    return index.map(ShardIndex::totalSize).orElse(OptionalLong.empty());
  }

  /** Unmaps every file. */
  @Override
  public void close() {
    files.forEach(SafetensorsFile::close);
  }
}
