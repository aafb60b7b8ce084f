package org.chatvla4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFilesTest {
  @TempDir Path dir;

  private static final Map<String, String> PT = Map.of("format", "pt");

  /** Six tensors of 40, 40, 40, 150, 8, 8 bytes (286 in all) with seeded random contents. */
  private static SequencedMap<String, TensorData> sixTensors() {
    SplittableRandom random = new SplittableRandom(42);
    SequencedMap<String, TensorData> t = new LinkedHashMap<>();
    t.put("model.embed_tokens.weight", bytes(random, SafetensorsDtype.BF16, 4, 5));
    t.put("model.layers.0.mlp.up_proj.weight", bytes(random, SafetensorsDtype.F32, 10));
    t.put("model.layers.0.mlp.down_proj.weight", bytes(random, SafetensorsDtype.F32, 2, 5));
    t.put("model.layers.1.mlp.up_proj.weight", bytes(random, SafetensorsDtype.BF16, 75));
    t.put("model.norm.weight", bytes(random, SafetensorsDtype.F16, 4));
    t.put("step", bytes(random, SafetensorsDtype.I64));
    return t;
  }

  private static TensorData bytes(SplittableRandom random, SafetensorsDtype dtype, long... shape) {
    int n = (int) (Shapes.elementCount(shape) * dtype.byteSize());
    return TensorData.ofBytes(dtype, shape, SafetensorsTestFiles.randomBytes(random, n));
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void planClosesAShardBeforeItWouldOverflow() {
    assertEquals(
        List.of(
            List.of("model.embed_tokens.weight", "model.layers.0.mlp.up_proj.weight"),
            List.of("model.layers.0.mlp.down_proj.weight"),
            List.of("model.layers.1.mlp.up_proj.weight"),
            List.of("model.norm.weight", "step")),
        new CheckpointWriter(100).planShards(sixTensors()));
    assertEquals(1, new CheckpointWriter(286).planShards(sixTensors()).size());
    assertEquals(2, new CheckpointWriter(285).planShards(sixTensors()).size());
  }

  @Test
  void shardedCheckpointRoundTrips() throws IOException {
    SequencedMap<String, TensorData> tensors = sixTensors();
    List<Path> written = new CheckpointWriter(100).write(dir, tensors, PT);
    assertEquals(
        List.of(
            "model-00001-of-00004.safetensors",
            "model-00002-of-00004.safetensors",
            "model-00003-of-00004.safetensors",
            "model-00004-of-00004.safetensors",
            "model.safetensors.index.json"),
        written.stream().map(p -> p.getFileName().toString()).toList());
    assertEquals(names(dir), written.stream().map(p -> p.getFileName().toString()).sorted().toList());

    try (CheckpointFiles ckpt = CheckpointFiles.open(dir)) {
      assertEquals(Optional.of(dir.resolve(CheckpointFiles.INDEX_FILE)), ckpt.indexFile());
      assertEquals(List.copyOf(tensors.keySet()), ckpt.tensors().stream().map(TensorInfo::name).toList());
      for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
        assertEquals(e.getValue(), ckpt.tensor(e.getKey()), e.getKey());
      }
      assertEquals(dir.resolve("model-00003-of-00004.safetensors"), ckpt.fileOf("model.layers.1.mlp.up_proj.weight"));
      assertEquals(0, ckpt.info("model.layers.1.mlp.up_proj.weight").begin());
      assertEquals(20 + 10 + 10 + 75 + 4 + 1, ckpt.parameterCount());
      assertEquals(286, ckpt.tensorBytes());
      assertEquals(OptionalLong.of(286), ckpt.declaredTotalSize());
      assertEquals(PT, ckpt.metadata());
      var missing = assertThrows(SafetensorsException.class, () -> ckpt.tensor("lm_head.weight"));
      assertEquals(
          dir.resolve(CheckpointFiles.INDEX_FILE) + ": tensor 'lm_head.weight': no such tensor in this checkpoint;"
              + " it holds 6 tensors, e.g. 'model.embed_tokens.weight', 'model.layers.0.mlp.up_proj.weight',"
              + " 'model.layers.0.mlp.down_proj.weight', 'model.layers.1.mlp.up_proj.weight', 'model.norm.weight',"
              + " ...",
          missing.getMessage());
    }
    // The index file itself opens the same checkpoint.
    try (CheckpointFiles viaIndex = CheckpointFiles.open(dir.resolve(CheckpointFiles.INDEX_FILE))) {
      assertEquals(6, viaIndex.tensors().size());
    }
  }

  @Test
  void indexIsWrittenAsTransformersWritesIt() throws IOException {
    new CheckpointWriter(100).write(dir, sixTensors(), PT);
    assertEquals(
        """
        {
          "metadata": {
            "total_size": 286
          },
          "weight_map": {
            "model.embed_tokens.weight": "model-00001-of-00004.safetensors",
            "model.layers.0.mlp.down_proj.weight": "model-00002-of-00004.safetensors",
            "model.layers.0.mlp.up_proj.weight": "model-00001-of-00004.safetensors",
            "model.layers.1.mlp.up_proj.weight": "model-00003-of-00004.safetensors",
            "model.norm.weight": "model-00004-of-00004.safetensors",
            "step": "model-00004-of-00004.safetensors"
          }
        }
        """,
        Files.readString(dir.resolve(CheckpointFiles.INDEX_FILE)));
  }

  @Test
  void oneShardIsWrittenAsModelSafetensors() throws IOException {
    new CheckpointWriter(CheckpointWriter.DEFAULT_MAX_SHARD_BYTES).write(dir, sixTensors(), PT);
    assertEquals(List.of("model.safetensors"), names(dir));
    try (CheckpointFiles ckpt = CheckpointFiles.open(dir)) {
      assertEquals(Optional.empty(), ckpt.indexFile());
      assertEquals(OptionalLong.empty(), ckpt.declaredTotalSize());
      assertEquals(sixTensors().get("step"), ckpt.tensor("step"));
    }
  }

  @Test
  void rewritingRemovesTheFilesOfTheEarlierLayout() throws IOException {
    Files.writeString(dir.resolve("config.json"), "{}");
    new CheckpointWriter(100).write(dir, sixTensors(), PT);
    new CheckpointWriter(200).write(dir, sixTensors(), PT);
    assertEquals(
        List.of(
            "config.json",
            "model-00001-of-00002.safetensors",
            "model-00002-of-00002.safetensors",
            "model.safetensors.index.json"),
        names(dir));
    new CheckpointWriter(1000).write(dir, sixTensors(), PT);
    assertEquals(List.of("config.json", "model.safetensors"), names(dir));
    new CheckpointWriter(100).write(dir, sixTensors(), PT);
    assertEquals(5 + 1, names(dir).size());
    assertFalse(names(dir).contains("model.safetensors"));
    try (CheckpointFiles ckpt = CheckpointFiles.open(dir)) {
      assertEquals(sixTensors().get("model.norm.weight"), ckpt.tensor("model.norm.weight"));
    }
  }

  @Test
  void singleFileWinsOverAnIndexAsInTransformers() throws IOException {
    new CheckpointWriter(100).write(dir, sixTensors(), PT);
    SequencedMap<String, TensorData> other = new LinkedHashMap<>();
    other.put("only", TensorData.fromFloats(SafetensorsDtype.F32, new long[] {1}, new float[] {7}));
    SafetensorsWriter.write(dir.resolve(CheckpointFiles.SINGLE_FILE), other, PT);
    try (CheckpointFiles ckpt = CheckpointFiles.open(dir)) {
      assertEquals(List.of("only"), ckpt.tensors().stream().map(TensorInfo::name).toList());
    }
  }

  @Test
  void missingShardNamesIndexShardAndTensor() throws IOException {
    new CheckpointWriter(100).write(dir, sixTensors(), PT);
    Files.delete(dir.resolve("model-00004-of-00004.safetensors"));
    Path index = dir.resolve(CheckpointFiles.INDEX_FILE);
    var e = assertThrows(SafetensorsException.class, () -> CheckpointFiles.open(dir));
    assertEquals(index, e.file());
    assertEquals(Optional.of("model.norm.weight"), e.tensor());
    assertEquals(
        index + ": tensor 'model.norm.weight': the index maps it to shard 'model-00004-of-00004.safetensors', which"
            + " is missing (" + dir.resolve("model-00004-of-00004.safetensors") + " does not exist; 2 tensors need"
            + " it): copy the shard into the directory or regenerate the index",
        e.getMessage());
  }

  @Test
  void indexMappingATensorToTheWrongShard() throws IOException {
    new CheckpointWriter(100).write(dir, sixTensors(), PT);
    Path index = dir.resolve(CheckpointFiles.INDEX_FILE);
    SequencedMap<String, String> map = new LinkedHashMap<>(ShardIndex.read(index).weightMap());
    map.put("step", "model-00001-of-00004.safetensors");
    new ShardIndex(map, OptionalLong.of(286)).write(index);
    var e = assertThrows(SafetensorsException.class, () -> CheckpointFiles.open(dir));
    assertEquals(
        index + ": tensor 'step': the index maps it to shard 'model-00001-of-00004.safetensors', which has no such"
            + " tensor: the index is stale; regenerate it",
        e.getMessage());
  }

  @Test
  void shardHoldingATensorTheIndexDoesNotList() throws IOException {
    new CheckpointWriter(100).write(dir, sixTensors(), PT);
    Path index = dir.resolve(CheckpointFiles.INDEX_FILE);
    SequencedMap<String, String> map = new LinkedHashMap<>(ShardIndex.read(index).weightMap());
    map.remove("step");
    new ShardIndex(map, OptionalLong.of(278)).write(index);
    var e = assertThrows(SafetensorsException.class, () -> CheckpointFiles.open(dir));
    Path shard = dir.resolve("model-00004-of-00004.safetensors");
    assertEquals(shard, e.file());
    assertEquals(
        shard + ": tensor 'step': the shard holds this tensor but " + index + " maps it to no shard: the index is"
            + " stale; regenerate it",
        e.getMessage());
  }

  @Test
  void malformedIndexes() throws IOException {
    Path index = dir.resolve(CheckpointFiles.INDEX_FILE);
    Files.writeString(index, "{\"weight_map\": {\"w\": \"../elsewhere.safetensors\"}}");
    var escape = assertThrows(SafetensorsException.class, () -> CheckpointFiles.open(dir));
    assertEquals(
        index + ": tensor 'w': weight_map names shard '../elsewhere.safetensors', which is not a plain file name in"
            + " the index's directory",
        escape.getMessage());

    Files.writeString(index, "{\"metadata\": {}}");
    var noMap = assertThrows(SafetensorsException.class, () -> CheckpointFiles.open(dir));
    assertTrue(noMap.getMessage().startsWith(index + ": index has no 'weight_map' object"), noMap.getMessage());

    Files.writeString(index, "{\"weight_map\": {\"w\": 3}}");
    var notString = assertThrows(SafetensorsException.class, () -> CheckpointFiles.open(dir));
    assertEquals(index + ": tensor 'w': weight_map value must be a shard file name, found 3", notString.getMessage());

    Files.writeString(index, "{\"weight_map\": {}, \"metadata\": {\"total_size\": -5}}");
    var size = assertThrows(SafetensorsException.class, () -> CheckpointFiles.open(dir));
    assertEquals(
        index + ": metadata.total_size must be a non-negative integer (bytes), found -5", size.getMessage());

    Files.writeString(index, "{\"weight_map\": {}}");
    var empty = assertThrows(SafetensorsException.class, () -> CheckpointFiles.open(dir));
    assertEquals(index + ": weight_map is empty: the index lists no tensor", empty.getMessage());

    Files.writeString(index, "{\"weight_map\": ");
    var json = assertThrows(SafetensorsException.class, () -> CheckpointFiles.open(dir));
    assertTrue(json.getMessage().startsWith(index + ": index is not valid JSON"), json.getMessage());
  }

  @Test
  void directoryWithoutCheckpointFiles() throws IOException {
    Files.writeString(dir.resolve("adapter.safetensors"), "x");
    var e = assertThrows(SafetensorsException.class, () -> CheckpointFiles.open(dir));
    assertEquals(
        dir + ": directory holds neither model.safetensors nor model.safetensors.index.json (found:"
            + " adapter.safetensors): pass a .safetensors file itself, or the directory of a Hugging Face checkpoint",
        e.getMessage());
    var absent = assertThrows(SafetensorsException.class, () -> CheckpointFiles.open(dir.resolve("nope")));
    assertTrue(absent.getMessage().startsWith(dir.resolve("nope") + ": no such file or directory"));
  }

  @Test
  void aSingleFileOpensAsACheckpoint() throws IOException {
    Path file = dir.resolve("weights.safetensors");
    SafetensorsWriter.write(file, sixTensors(), PT);
    try (CheckpointFiles ckpt = CheckpointFiles.open(file)) {
      assertEquals(List.of(file), ckpt.files());
      assertArrayEquals(sixTensors().get("step").toByteArray(), ckpt.tensor("step").toByteArray());
    }
  }

  @Test
  void writerRejectsNonPositiveShardSize() {
    var e = assertThrows(IllegalArgumentException.class, () -> new CheckpointWriter(0));
    assertEquals("maxShardBytes must be positive, got 0", e.getMessage());
  }
}
