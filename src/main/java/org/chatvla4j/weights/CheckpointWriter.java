package org.chatvla4j.weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes tensors into a checkpoint directory the way Hugging Face does: one {@code model.safetensors} when they fit
 * in one shard, otherwise {@code model-0000i-of-0000n.safetensors} shards of at most {@code maxShardBytes} tensor
 * bytes each plus {@code model.safetensors.index.json}.
 *
 * <p>Every file is replaced atomically, shards before the index, and the files of an earlier save that the new one
 * does not use are removed after it, so a reader always finds a complete set (transformers prefers
 * {@code model.safetensors} over an index, and so does {@link CheckpointFiles}). One exception: rewriting a sharded
 * checkpoint with the same shard count replaces shards one by one under their old names; for an all-or-nothing save,
 * write into a fresh directory and rename it, as the trainer's checkpoints do.
 */
public final class CheckpointWriter {
  /** transformers' {@code max_shard_size="5GB"} default. */
  public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;

  private static final Pattern SHARD_NAME = Pattern.compile("model-\\d{5}-of-\\d{5}\\.safetensors");

  private final long maxShardBytes;

  /** A writer whose shards hold at most {@code maxShardBytes} tensor bytes (a larger tensor gets a shard alone). */
  public CheckpointWriter(long maxShardBytes) {
    if (maxShardBytes <= 0) {
      throw new IllegalArgumentException("maxShardBytes must be positive, got " + maxShardBytes);
    }
    this.maxShardBytes = maxShardBytes;
  }

  /** The shard file name Hugging Face gives shard {@code i} (1-based) of {@code n}. */
  public static String shardName(int i, int n) {
    return String.format("model-%05d-of-%05d.safetensors", i, n);
  }

  /**
   * Splits tensor names into shards, in map order: a shard is closed when the next tensor would take it past the
   * limit; a tensor above the limit on its own gets its own shard.
   */
  public List<List<String>> planShards(SequencedMap<String, TensorData> tensors) {
    List<List<String>> shards = new ArrayList<>();
    List<String> current = new ArrayList<>();
    long currentBytes = 0;
    for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
      long size = e.getValue().byteSize();
      if (!current.isEmpty() && currentBytes + size > maxShardBytes) {
        shards.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(e.getKey());
      currentBytes += size;
    }
    if (!current.isEmpty() || shards.isEmpty()) {
      shards.add(current);
    }
    return shards;
  }

  /**
   * Writes {@code tensors} with {@code metadata} (stored in every file's {@code __metadata__}) into
   * {@code directory}, creating it if needed, and returns the files written (index last).
   */
  public List<Path> write(Path directory, SequencedMap<String, TensorData> tensors, Map<String, String> metadata)
      throws IOException {
    Files.createDirectories(directory);
    List<List<String>> plan = planShards(tensors);
    List<Path> written = new ArrayList<>();
    if (plan.size() == 1) {
      Path single = directory.resolve(CheckpointFiles.SINGLE_FILE);
      SafetensorsWriter.write(single, tensors, metadata);
      written.add(single);
      Files.deleteIfExists(directory.resolve(CheckpointFiles.INDEX_FILE));
      removeStaleShards(directory, Set.of());
      return written;
    }
    SequencedMap<String, String> weightMap = new LinkedHashMap<>();
    long totalSize = 0;
    for (int i = 0; i < plan.size(); i++) {
      String name = shardName(i + 1, plan.size());
      SequencedMap<String, TensorData> shard = new LinkedHashMap<>();
      for (String tensor : plan.get(i)) {
        TensorData t = tensors.get(tensor);
        shard.put(tensor, t);
        weightMap.put(tensor, name);
        totalSize += t.byteSize();
      }
      Path file = directory.resolve(name);
      SafetensorsWriter.write(file, shard, metadata);
      written.add(file);
    }
    Path index = directory.resolve(CheckpointFiles.INDEX_FILE);
    new ShardIndex(weightMap, OptionalLong.of(totalSize)).write(index);
    written.add(index);
    Files.deleteIfExists(directory.resolve(CheckpointFiles.SINGLE_FILE));
    Set<String> keep = new HashSet<>();
    written.forEach(p -> keep.add(p.getFileName().toString()));
    removeStaleShards(directory, keep);
    return written;
  }

  private static void removeStaleShards(Path directory, Set<String> keep) throws IOException {
    List<Path> stale;
    try (Stream<Path> entries = Files.list(directory)) {
      stale =
          entries.filter(p -> SHARD_NAME.matcher(p.getFileName().toString()).matches())
              .filter(p -> !keep.contains(p.getFileName().toString()))
              .toList();
    }
    for (Path p : stale) {
      Files.deleteIfExists(p);
    }
  }
}
