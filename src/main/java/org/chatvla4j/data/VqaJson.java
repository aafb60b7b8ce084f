package org.chatvla4j.data;

import org.chatvla4j.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes LLaVA-format VQA json: a top-level array of {@code {"id", "image"?, "conversations": [{"from",
 * "value"}]}}, where {@code image} is a path, a list of paths, or absent for text-only samples. The reader streams
 * the array (LLaVA-665k is 1 GB) and names the sample and field of any problem; fields other than these three are
 * ignored. The writer stores one image as a string (what LLaVA's own loader expects) and several as a list.
 */
public final class VqaJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private VqaJson() {}

  /** Reads every sample of {@code file}. */
  public static List<VqaSample> read(Path file) {
    List<VqaSample> out = new ArrayList<>();
    int index = -1;
    try (InputStream in = Files.newInputStream(file);
        JsonParser parser = FACTORY.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new VqaFormatException(
            file, -1, "(top level)", "must be a json array of samples, found " + parser.currentToken(), null);
      }
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        index++;
        if (parser.currentToken() == null) {
          throw new VqaFormatException(file, index, "(top level)", "the file ends inside the array", null);
        }
        JsonNode node = MAPPER.readTree(parser);
        out.add(parse(file, index, node));
      }
    } catch (NoSuchFileException e) {
      throw new VqaFormatException(file, -1, "(file)", "no such file", e);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
      throw new VqaFormatException(file, Math.max(index, -1), "(json)", "malformed json" + where + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + AtomicFiles.describe(e), e);
    }
    return out;
  }

  /** Writes {@code samples} to {@code file} atomically, pretty-printed, fields in LLaVA's order. */
  public static void write(List<VqaSample> samples, Path file) {
    AtomicFiles.writeStream(
        file,
        out -> {
          try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (VqaSample s : samples) {
              writeSample(g, s);
            }
            g.writeEndArray();
            g.writeRaw('\n');
          }
        });
  }

  private static void writeSample(JsonGenerator g, VqaSample s) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", s.id());
    if (s.images().size() == 1) {
      g.writeStringField("image", s.images().getFirst());
    } else if (s.images().size() > 1) {
      g.writeArrayFieldStart("image");
      for (String image : s.images()) {
        g.writeString(image);
      }
      g.writeEndArray();
    }
    g.writeArrayFieldStart("conversations");
    for (VqaTurn t : s.conversations()) {
      g.writeStartObject();
      g.writeStringField("from", t.from().jsonName());
      g.writeStringField("value", t.value());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static VqaSample parse(Path file, int index, JsonNode node) {
    if (!node.isObject()) {
      throw new VqaFormatException(file, index, "(sample)", "must be a json object, found " + kind(node), null);
    }
    JsonNode idNode = node.get("id");
    String id;
    if (idNode == null || idNode.isNull()) {
      throw new VqaFormatException(file, index, "id", "missing; every sample needs an id", null);
    } else if (idNode.isTextual()) {
      id = idNode.textValue();
    } else if (idNode.isIntegralNumber()) {
      // Some LLaVA-derived files number their samples; the id is only a label, so its text form is kept.
      id = idNode.asText();
    } else {
      throw new VqaFormatException(file, index, "id", "must be a string or an integer, found " + kind(idNode), null);
    }
    List<String> images = new ArrayList<>();
    JsonNode image = node.get("image");
    if (image != null && !image.isNull()) {
      if (image.isTextual()) {
        images.add(image.textValue());
      } else if (image.isArray()) {
        for (int i = 0; i < image.size(); i++) {
          if (!image.get(i).isTextual()) {
            throw new VqaFormatException(file, index, "image[" + i + "]", "must be a path string, found " + kind(image.get(i)), null);
          }
          images.add(image.get(i).textValue());
        }
      } else {
        throw new VqaFormatException(
            file, index, "image", "must be a path string or a list of them, found " + kind(image), null);
      }
    }
    JsonNode conv = node.get("conversations");
    if (conv == null || !conv.isArray()) {
      throw new VqaFormatException(
          file, index, "conversations", conv == null ? "missing; every sample needs its turns" : "must be a list of turns, found " + kind(conv), null);
    }
    List<VqaTurn> turns = new ArrayList<>();
    for (int i = 0; i < conv.size(); i++) {
      turns.add(parseTurn(file, index, i, conv.get(i)));
    }
    try {
      return new VqaSample(id, images, turns);
    } catch (VqaSample.InvalidSampleException e) {
      throw new VqaFormatException(file, index, e.field(), e.getMessage().substring(e.field().length() + 2) + " (id " + id + ")", e);
    }
  }

  private static VqaTurn parseTurn(Path file, int index, int turn, JsonNode node) {
    String field = "conversations[" + turn + "]";
    if (!node.isObject()) {
      throw new VqaFormatException(file, index, field, "must be an object with from and value, found " + kind(node), null);
    }
    JsonNode from = node.get("from");
    if (from == null || !from.isTextual()) {
      throw new VqaFormatException(
          file, index, field + ".from", from == null ? "missing; expected \"human\" or \"gpt\"" : "must be a string, found " + kind(from), null);
    }
    VqaTurn.Speaker speaker;
    try {
      speaker = VqaTurn.Speaker.fromJsonName(from.textValue());
    } catch (IllegalArgumentException e) {
      throw new VqaFormatException(file, index, field + ".from", e.getMessage(), e);
    }
    JsonNode value = node.get("value");
    if (value == null || !value.isTextual()) {
      throw new VqaFormatException(
          file, index, field + ".value", value == null ? "missing; every turn needs its text" : "must be a string, found " + kind(value), null);
    }
    return new VqaTurn(speaker, value.textValue());
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + (node.isValueNode() ? " " + node : "");
  }
}
