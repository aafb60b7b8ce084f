package org.chatvla4j.data;

import org.chatvla4j.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A dataset directory's {@code manifest.json}: what was made (counts, families), how to make it again (tool version,
 * seeds), when, and which files with which hashes, so a reader can tell a complete dataset from a damaged one.
 *
 * @param contentSha256 SHA-256 over the file list (see {@link #files}); equal datasets have equal content hashes even
 *     when their creation times differ
 */
public record DatasetManifest(
    int formatVersion,
    String toolVersion,
    Instant createdAt,
    Map<String, Long> seeds,
    Counts counts,
    Map<String, Integer> episodeFamilies,
    Map<String, Integer> questionFamilies,
    List<ManifestFile> files,
    String contentSha256) {

  /** The manifest format this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** What the dataset holds. */
  public record Counts(int episodes, long frames, int vqaSamples, int images) {
    public Counts {
      if (episodes < 0 || frames < 0 || vqaSamples < 0 || images < 0) {
        throw new IllegalArgumentException(
            "counts cannot be negative: episodes " + episodes + ", frames " + frames + ", vqa_samples " + vqaSamples
                + ", images " + images);
      }
    }
  }

  public DatasetManifest {
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "format_version is " + formatVersion + " but this reader knows version " + FORMAT_VERSION
              + "; use the chatvla4j release that wrote the dataset");
    }
    DatasetProvenance checked = new DatasetProvenance(toolVersion, seeds, episodeFamilies, questionFamilies);
    seeds = checked.seeds();
    episodeFamilies = checked.episodeFamilies();
    questionFamilies = checked.questionFamilies();
    requireSum("episode_families", episodeFamilies, counts.episodes(), "counts.episodes");
    requireSum("question_families", questionFamilies, counts.vqaSamples(), "counts.vqa_samples");
    if (createdAt == null) {
      throw new IllegalArgumentException("created_at must be set");
    }
    files = List.copyOf(files);
    for (int i = 1; i < files.size(); i++) {
      if (files.get(i - 1).path().compareTo(files.get(i).path()) >= 0) {
        throw new IllegalArgumentException(
            "files must be sorted by path without duplicates; '" + files.get(i - 1).path() + "' comes before '"
                + files.get(i).path() + "'");
      }
    }
    String expected = DatasetFiles.contentHash(files);
    if (!expected.equals(contentSha256)) {
      throw new IllegalArgumentException(
          "content_sha256 is " + contentSha256 + " but the file list hashes to " + expected
              + "; the manifest was edited or damaged");
    }
  }

  /** A manifest for {@code files} with its content hash computed. */
  public static DatasetManifest of(DatasetProvenance provenance, Instant createdAt, Counts counts, List<ManifestFile> files) {
    return new DatasetManifest(
        FORMAT_VERSION,
        provenance.toolVersion(),
        createdAt,
        provenance.seeds(),
        counts,
        provenance.episodeFamilies(),
        provenance.questionFamilies(),
        files,
        DatasetFiles.contentHash(files));
  }

  private static void requireSum(String field, Map<String, Integer> families, long total, String totalField) {
    long sum = families.values().stream().mapToLong(Integer::longValue).sum();
    if (!families.isEmpty() && sum != total) {
      throw new IllegalArgumentException(
          field + " sums to " + sum + " but " + totalField + " is " + total + "; every item belongs to one family");
    }
  }

  // ---- JSON ----

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The manifest as pretty-printed json with snake_case fields. */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", "chatvla4j-dataset");
    root.put("format_version", formatVersion);
    root.put("tool_version", toolVersion);
    root.put("created_at", createdAt.toString());
    ObjectNode s = root.putObject("seeds");
    seeds.forEach(s::put);
    ObjectNode c = root.putObject("counts");
    c.put("episodes", counts.episodes());
    c.put("frames", counts.frames());
    c.put("vqa_samples", counts.vqaSamples());
    c.put("images", counts.images());
    ObjectNode ef = root.putObject("episode_families");
    episodeFamilies.forEach(ef::put);
    ObjectNode qf = root.putObject("question_families");
    questionFamilies.forEach(qf::put);
    ArrayNode fs = root.putArray("files");
    for (ManifestFile f : files) {
      fs.addObject().put("path", f.path()).put("bytes", f.bytes()).put("sha256", f.sha256());
    }
    root.put("content_sha256", contentSha256);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  /** Parses manifest json; errors name {@code source} and the field. */
  public static DatasetManifest fromJson(String json, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not valid json: " + e.getOriginalMessage(), e);
    }
    Fields f = new Fields(source);
    try {
      JsonNode counts = f.object(root, "counts");
      List<ManifestFile> files = new ArrayList<>();
      JsonNode list = f.require(root, "files");
      if (!list.isArray()) {
        throw f.bad("files", "must be a list");
      }
      for (int i = 0; i < list.size(); i++) {
        JsonNode e = list.get(i);
        String at = "files[" + i + "]";
        files.add(new ManifestFile(f.text(e, at + ".path"), f.number(e, at + ".bytes"), f.text(e, at + ".sha256")));
      }
      Instant created;
      try {
        created = Instant.parse(f.text(root, "created_at"));
      } catch (DateTimeParseException e) {
        throw f.bad("created_at", "'" + root.get("created_at").asText() + "' is not an ISO-8601 instant");
      }
      return new DatasetManifest(
          (int) f.number(root, "format_version"),
          f.text(root, "tool_version"),
          created,
          f.map(root, "seeds", JsonNode::longValue),
          new Counts(
              (int) f.number(counts, "counts.episodes"),
              f.number(counts, "counts.frames"),
              (int) f.number(counts, "counts.vqa_samples"),
              (int) f.number(counts, "counts.images")),
          f.map(root, "episode_families", JsonNode::intValue),
          f.map(root, "question_families", JsonNode::intValue),
          files,
          f.text(root, "content_sha256"));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(source + ": ")) {
        throw e;
      }
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /** Writes the manifest to {@code file} atomically. */
  public void write(Path file) {
    AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8));
  }

  public static DatasetManifest read(Path file) {
    try {
      return fromJson(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + file + ": " + AtomicFiles.describe(e), e);
    }
  }

  /** Field access that names the field in every error. Fields are addressed by their dotted path for messages. */
  private record Fields(String source) {
    IllegalArgumentException bad(String field, String problem) {
      return new IllegalArgumentException(source + ": " + field + ": " + problem);
    }

    JsonNode require(JsonNode node, String field) {
      JsonNode v = node.get(leaf(field));
      if (v == null || v.isNull()) {
        throw bad(field, "missing");
      }
      return v;
    }

    JsonNode object(JsonNode node, String field) {
      JsonNode v = require(node, field);
      if (!v.isObject()) {
        throw bad(field, "must be an object, found " + v.getNodeType());
      }
      return v;
    }

    String text(JsonNode node, String field) {
      JsonNode v = require(node, field);
      if (!v.isTextual()) {
        throw bad(field, "must be a string, found " + v.getNodeType() + " " + v);
      }
      return v.textValue();
    }

    long number(JsonNode node, String field) {
      JsonNode v = require(node, field);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        throw bad(field, "must be an integer, found " + v.getNodeType() + " " + v);
      }
      return v.longValue();
    }

    <V> Map<String, V> map(JsonNode node, String field, Function<JsonNode, V> value) {
      JsonNode obj = object(node, field);
      Map<String, V> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : obj.properties()) {
        if (!e.getValue().isIntegralNumber()) {
          throw bad(field + "." + e.getKey(), "must be an integer, found " + e.getValue());
        }
        out.put(e.getKey(), value.apply(e.getValue()));
      }
      return out;
    }

    private static String leaf(String field) {
      int dot = field.lastIndexOf('.');
      return dot < 0 ? field : field.substring(dot + 1);
    }
  }
}
