package org.chatvla4j.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * A sharded checkpoint's {@code model.safetensors.index.json}: {@code weight_map} (tensor name → shard file name in
 * the index's directory) and {@code metadata.total_size} (bytes of all tensors), as Hugging Face writes it.
 */
public record ShardIndex(SequencedMap<String, String> weightMap, OptionalLong totalSize) {
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // transformers writes json.dumps(..., indent=2, sort_keys=True): ASCII only, "key": value.
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .build();

  public ShardIndex {
    weightMap = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(weightMap));
  }

  /**
   * Reads and checks an index file: a {@code weight_map} of strings that are plain file names.
   *
   * @throws SafetensorsException naming the index (and the tensor) when it is malformed or missing
   */
  public static ShardIndex read(Path index) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(index);
    } catch (NoSuchFileException e) {
      throw SafetensorsException.ofFile(index, "no such index file", e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
    } catch (JsonProcessingException e) {
      throw SafetensorsException.ofFile(index, "index is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw SafetensorsException.ofFile(index, "index is not valid UTF-8 text", e);
    }
    if (root == null || !root.isObject() || !(root.get("weight_map") instanceof ObjectNode map)) {
      throw SafetensorsException.ofFile(
          index, "index has no 'weight_map' object: not a safetensors index (expected {\"metadata\": {...},"
              + " \"weight_map\": {tensor: shard file}})");
    }
    SequencedMap<String, String> weightMap = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      JsonNode v = e.getValue();
      if (!v.isTextual()) {
        throw SafetensorsException.ofTensor(
            index, e.getKey(), "weight_map value must be a shard file name, found " + v);
      }
      String shard = v.textValue();
      if (!isPlainFileName(shard)) {
        throw SafetensorsException.ofTensor(
            index, e.getKey(), "weight_map names shard '" + shard + "', which is not a plain file name in the"
                + " index's directory");
      }
      weightMap.put(e.getKey(), shard);
    }
    return new ShardIndex(weightMap, totalSize(index, root.get("metadata")));
  }

  private static OptionalLong totalSize(Path index, JsonNode metadata) throws SafetensorsException {
    JsonNode size = metadata == null ? null : metadata.get("total_size");
    if (size == null || size.isNull()) {
      return OptionalLong.empty();
    }
    // Some writers store it as a float (e.g. 1.0E9); accept integral values only.
    if (!size.isNumber() || !size.canConvertToExactIntegral() || !size.canConvertToLong() || size.longValue() < 0) {
      throw SafetensorsException.ofFile(
          index, "metadata.total_size must be a non-negative integer (bytes), found " + size);
    }
    return OptionalLong.of(size.longValue());
  }

  static boolean isPlainFileName(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('\\') < 0
        && name.indexOf('\0') < 0;
  }

  /** Writes the index atomically as transformers does: keys sorted, 2-space indent, trailing newline. */
  public void write(Path index) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode meta = root.putObject("metadata");
    totalSize.ifPresent(s -> meta.put("total_size", s));
    ObjectNode map = root.putObject("weight_map");
    new TreeMap<>(weightMap).forEach(map::put);
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    byte[] text = (JSON.writer(printer).writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(index, channel -> channel.write(ByteBuffer.wrap(text)));
  }
}
