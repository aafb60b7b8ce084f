package org.chatvla4j.world.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;

/**
 * {@code DIR/world.json}: the ground truth behind a generated dataset that the DexVLA and LLaVA files cannot hold —
 * the generation settings and attempts, each kept episode's attempt and seed, the exact scene (block poses, effector,
 * target; doubles written so they read back bit for bit) of every image, and each question's template and family,
 * so answers can be re-derived and scored per family later.
 */
public final class WorldJson {
  public static final String FILE_NAME = "world.json";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One kept episode. */
  public record EpisodeEntry(String file, int attempt, long seed, TaskFamily family, String instruction, int steps) {}

  /** One image: the scene it shows, from which episode and step (step T is the scene after the last action). */
  public record ImageEntry(String image, String episodeFile, int step, SceneState scene) {}

  /** One VQA sample: its id, image, template and question family. */
  public record QuestionEntry(String id, String image, String template, String family) {}

  /** The whole sidecar. */
  public record Content(
      GenerateConfig config, int attempts, List<EpisodeEntry> episodes, List<ImageEntry> images, List<QuestionEntry> questions) {
    public Content {
      episodes = List.copyOf(episodes);
      images = List.copyOf(images);
      questions = List.copyOf(questions);
    }

    /** Image name to its scene. */
    public Map<String, SceneState> scenes() {
      Map<String, SceneState> out = new LinkedHashMap<>();
      images.forEach(i -> out.put(i.image(), i.scene()));
      return out;
    }
  }

  private WorldJson() {}

  public static byte[] toBytes(Content c) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", "chatvla4j-world");
    root.put("camera", EpisodeRecording.CAMERA);
    ObjectNode cfg = root.putObject("config");
    cfg.put("episodes", c.config().episodes());
    ArrayNode fams = cfg.putArray("families");
    c.config().families().forEach(f -> fams.add(f.id()));
    cfg.put("block_set", c.config().blockSet().name());
    cfg.put("seed", c.config().seed());
    cfg.put("height", c.config().imageSize().height());
    cfg.put("width", c.config().imageSize().width());
    cfg.put("questions_per_scene", c.config().questionsPerScene());
    cfg.put("later_scenes", c.config().laterScenes());
    cfg.put("max_steps", c.config().maxSteps());
    cfg.put("action_noise", c.config().actionNoise());
    root.put("attempts", c.attempts());
    ArrayNode eps = root.putArray("episodes");
    for (EpisodeEntry e : c.episodes()) {
      eps.addObject()
          .put("file", e.file())
          .put("attempt", e.attempt())
          .put("seed", e.seed())
          .put("family", e.family().id())
          .put("instruction", e.instruction())
          .put("steps", e.steps());
    }
    ArrayNode imgs = root.putArray("images");
    for (ImageEntry i : c.images()) {
      ObjectNode n = imgs.addObject().put("image", i.image()).put("episode", i.episodeFile()).put("step", i.step());
      SceneState s = i.scene();
      n.putArray("effector").add(s.effectorX()).add(s.effectorY());
      n.putArray("target").add(s.targetX()).add(s.targetY());
      ArrayNode blocks = n.putArray("blocks");
      for (BlockPose b : s.blocks()) {
        blocks.addObject().put("id", b.id().name()).put("x", b.x()).put("y", b.y()).put("yaw", b.yaw());
      }
    }
    ArrayNode qs = root.putArray("questions");
    for (QuestionEntry q : c.questions()) {
      qs.addObject().put("id", q.id()).put("image", q.image()).put("template", q.template()).put("family", q.family());
    }
    try {
      return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }

  /** Reads the images and questions back (the config is not re-parsed: the manifest and this file name it). */
  public static List<ImageEntry> readImages(Path file) {
    JsonNode root = readTree(file);
    List<ImageEntry> out = new ArrayList<>();
    for (JsonNode n : root.path("images")) {
      List<BlockPose> blocks = new ArrayList<>();
      for (JsonNode b : n.path("blocks")) {
        blocks.add(
            new BlockPose(BlockId.parse(b.get("id").asText()), b.get("x").doubleValue(), b.get("y").doubleValue(),
                b.get("yaw").doubleValue()));
      }
      JsonNode e = n.get("effector");
      JsonNode t = n.get("target");
      out.add(
          new ImageEntry(
              n.get("image").asText(),
              n.get("episode").asText(),
              n.get("step").asInt(),
              new SceneState(blocks, e.get(0).doubleValue(), e.get(1).doubleValue(), t.get(0).doubleValue(),
                  t.get(1).doubleValue())));
    }
    return out;
  }

  public static List<QuestionEntry> readQuestions(Path file) {
    List<QuestionEntry> out = new ArrayList<>();
    for (JsonNode q : readTree(file).path("questions")) {
      out.add(new QuestionEntry(q.get("id").asText(), q.get("image").asText(), q.get("template").asText(),
          q.get("family").asText()));
    }
    return out;
  }

  /**
   * {@code config.block_set}: the blocks the dataset's scenes were set with; empty when the file names none. Reads the
   * config alone, not the images and questions after it, which grow with the dataset.
   */
  public static Optional<BlockSet> readBlockSet(Path file) {
    JsonNode set = readConfig(file).path("block_set");
    if (set.isMissingNode()) {
      return Optional.empty();
    }
    try {
      return Optional.of(BlockSet.parse(set.asText()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": config.block_set: " + e.getMessage(), e);
    }
  }

  /**
   * {@code config.action_noise}: the std (m) of the noise the oracle's actions were executed with ({@link DartPolicy});
   * 0 when the file names none, as files written before the option do.
   */
  public static double readActionNoise(Path file) {
    JsonNode noise = readConfig(file).path("action_noise");
    if (noise.isMissingNode()) {
      return 0;
    }
    if (!noise.isNumber() || !(noise.doubleValue() >= 0) || !Double.isFinite(noise.doubleValue())) {
      throw new IllegalArgumentException(file + ": config.action_noise must be a number of metres >= 0, got " + noise
          + "; regenerate the dataset or remove the field if it was edited by hand");
    }
    return noise.doubleValue();
  }

  /** The number of oracle attempts the run made. */
  public static int readAttempts(Path file) {
    return readTree(file).path("attempts").asInt();
  }

  /** The top-level {@code config} object, parsed without the rest of the file; a missing node when there is none. */
  private static JsonNode readConfig(Path file) {
    try (JsonParser p = MAPPER.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(file + ": not a " + FILE_NAME + " (its top level is not a JSON object)");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("config")) {
          return MAPPER.readTree(p);
        }
        p.skipChildren();
      }
      return MissingNode.getInstance();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode readTree(Path file) {
    try {
      return MAPPER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
