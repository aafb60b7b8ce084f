package org.chatvla4j.weights;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The JSON header of a safetensors file: parsing with every check the format implies, and encoding the way the
 * reference {@code safetensors} library does (compact JSON, {@code __metadata__} first, spaces up to a multiple of 8).
 */
final class SafetensorsHeader {
  /** The reference library refuses headers above this size; so do we, so a garbage prefix fails fast. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  static final String METADATA_KEY = "__metadata__";

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final SequencedMap<String, String> metadata;
  private final List<TensorInfo> tensors;

  private SafetensorsHeader(SequencedMap<String, String> metadata, List<TensorInfo> tensors) {
    this.metadata = metadata;
    this.tensors = tensors;
  }

  /** {@code __metadata__}, in header order; empty when the header has none. */
  SequencedMap<String, String> metadata() {
    return metadata;
  }

  /** Tensor entries in header order. */
  List<TensorInfo> tensors() {
    return tensors;
  }

  /**
   * Parses and checks a header whose data section holds {@code dataLength} bytes: dtypes, shapes, byte lengths, and
   * that the tensors tile the data section exactly (no gap, no overlap, nothing left over).
   */
  static SafetensorsHeader parse(Path file, byte[] utf8, long dataLength) throws SafetensorsException {
    ObjectNode root = parseJsonObject(file, utf8);
    SequencedMap<String, String> metadata = new LinkedHashMap<>();
    List<TensorInfo> tensors = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (field.getKey().equals(METADATA_KEY)) {
        metadata = parseMetadata(file, field.getValue());
      } else {
        tensors.add(parseTensor(file, field.getKey(), field.getValue(), dataLength));
      }
    }
    checkTiling(file, tensors, dataLength);
    return new SafetensorsHeader(metadata, List.copyOf(tensors));
  }

  private static ObjectNode parseJsonObject(Path file, byte[] utf8) throws SafetensorsException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8))
              .toString();
    } catch (CharacterCodingException e) {
      throw SafetensorsException.ofFile(file, "header is not valid UTF-8 text: not a safetensors file or corrupt", e);
    }
    if (text.isBlank()) {
      throw SafetensorsException.ofFile(
          file, "header is empty (" + utf8.length + " bytes of whitespace): expected a JSON object");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw SafetensorsException.ofFile(
          file, "header is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
    if (!(root instanceof ObjectNode object)) {
      throw SafetensorsException.ofFile(
          file, "header must be a JSON object of tensor entries, found " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return object;
  }

  private static SequencedMap<String, String> parseMetadata(Path file, JsonNode node) throws SafetensorsException {
    if (!node.isObject()) {
      throw SafetensorsException.ofFile(
          file, METADATA_KEY + " must be a JSON object of strings, found " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    SequencedMap<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw SafetensorsException.ofFile(
            file,
            METADATA_KEY + " value of key '" + e.getKey() + "' must be a string, found " + e.getValue()
                + " (the format allows string values only)");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static TensorInfo parseTensor(Path file, String name, JsonNode node, long dataLength)
      throws SafetensorsException {
    if (!node.isObject()) {
      throw SafetensorsException.ofTensor(
          file, name, "entry must be an object {dtype, shape, data_offsets}, found " + node);
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw SafetensorsException.ofTensor(file, name, "field 'dtype' must be a string, found " + dtypeNode);
    }
    SafetensorsDtype dtype =
        SafetensorsDtype.fromHeaderName(dtypeNode.textValue())
            .orElseThrow(
                () ->
                    SafetensorsException.ofTensor(
                        file, name, SafetensorsDtype.explainUnknown(dtypeNode.textValue())));
    long[] shape = integers(file, name, node, "shape", -1);
    for (long d : shape) {
      if (d < 0) {
        throw SafetensorsException.ofTensor(
            file, name, "shape " + Arrays.toString(shape) + " has negative dimension " + d);
      }
    }
    long[] offsets = integers(file, name, node, "data_offsets", 2);
    long begin = offsets[0];
    long end = offsets[1];
    String range = "data_offsets [" + begin + ", " + end + "]";
    if (begin < 0 || end < begin) {
      throw SafetensorsException.ofTensor(file, name, range + " must satisfy 0 <= begin <= end");
    }
    if (end > dataLength) {
      throw SafetensorsException.ofTensor(
          file, name, range + " reach past the end of the data section, which holds " + dataLength
              + " bytes: the file is truncated or the header is wrong");
    }
    long expected;
    try {
      expected = Shapes.byteSize(dtype, shape);
    } catch (ArithmeticException e) {
      throw SafetensorsException.ofTensor(
          file, name, "shape " + Arrays.toString(shape) + " × " + dtype + " overflows 64 bits");
    }
    if (expected != end - begin) {
      throw SafetensorsException.ofTensor(
          file, name, "shape " + Arrays.toString(shape) + " of " + dtype + " (" + dtype.byteSize()
              + " bytes each) needs " + expected + " bytes but " + range + " span " + (end - begin));
    }
    return new TensorInfo(name, dtype, shape, begin, end);
  }

  /** The 64-bit integers of array {@code field}; {@code length} -1 accepts any length. */
  private static long[] integers(Path file, String name, JsonNode entry, String field, int length)
      throws SafetensorsException {
    JsonNode node = entry.get(field);
    String expectation = length < 0 ? "an array of integers" : "an array of " + length + " integers";
    if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
      throw SafetensorsException.ofTensor(
          file, name, "field '" + field + "' must be " + expectation + ", found " + node);
    }
    long[] out = new long[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw SafetensorsException.ofTensor(
            file, name, "field '" + field + "' must be " + expectation + " that fit in 64 bits, found " + node);
      }
      out[i] = v.longValue();
    }
    return out;
  }

  /** The tensors, sorted by offset, must cover {@code [0, dataLength)} exactly once. */
  private static void checkTiling(Path file, List<TensorInfo> tensors, long dataLength) throws SafetensorsException {
    List<TensorInfo> byOffset = new ArrayList<>(tensors);
    byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long covered = 0;
    TensorInfo previous = null;
    for (TensorInfo t : byOffset) {
      if (t.begin() < covered) {
        throw SafetensorsException.ofTensor(
            file, t.name(), "data_offsets [" + t.begin() + ", " + t.end() + "] overlap tensor '" + previous.name()
                + "' [" + previous.begin() + ", " + previous.end() + "]");
      }
      if (t.begin() > covered) {
        String after = previous == null ? "the start of the data section" : "tensor '" + previous.name() + "'";
        throw SafetensorsException.ofTensor(
            file, t.name(), "data_offsets [" + t.begin() + ", " + t.end() + "] leave bytes [" + covered + ", "
                + t.begin() + ") after " + after + " covered by no tensor");
      }
      covered = t.end();
      previous = t;
    }
    if (covered != dataLength) {
      String last = previous == null ? "no tensor" : "the last tensor '" + previous.name() + "' ends at " + covered;
      throw SafetensorsException.ofFile(
          file, "the data section holds " + dataLength + " bytes but " + last + ": " + (dataLength - covered)
              + " trailing bytes are covered by no tensor");
    }
  }

  /**
   * The header bytes for these tensors, padded with spaces to a multiple of 8 so that the data section (and with it
   * every tensor of 8-byte elements) starts 8-byte aligned, as the reference library writes it.
   */
  static byte[] encode(Map<String, String> metadata, List<TensorInfo> tensors) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      if (!metadata.isEmpty()) {
        g.writeObjectFieldStart(METADATA_KEY);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      for (TensorInfo t : tensors) {
        g.writeObjectFieldStart(t.name());
        g.writeStringField("dtype", t.dtype().headerName());
        g.writeArrayFieldStart("shape");
        for (long d : t.shape()) {
          g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("data_offsets");
        g.writeNumber(t.begin());
        g.writeNumber(t.end());
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    int padding = (8 - out.size() % 8) % 8;
    out.writeBytes(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
