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
import java.util.Set;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.vqa.QuestionFamily;

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
    if (!c.config().questionFamilies().equals(QuestionFamily.standard())) {
      // absent = the standard families, so datasets written before the option keep their bytes
      ArrayNode q = cfg.putArray("question_families");
      c.config().questionFamilies().forEach(f -> q.add(f.key()));
    }
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
   * The whole {@code config} object, so a reused dataset can be checked against the settings a run asks for. The
   * threads are not recorded (they never change the files): the config read carries {@code threads}. A missing
   * {@code action_noise} reads 0 and a missing {@code question_families} the standard families, as files written
   * before those options have none; any other missing field is an error.
   */
  public static GenerateConfig readGenerateConfig(Path file, int threads) {
    JsonNode c = readConfig(file);
    JsonNode families = required(file, c, "families");
    JsonNode blockSet = required(file, c, "block_set");
    int episodes = intField(file, c, "episodes");
    long seed = integral(file, c, "seed").longValue();
    int height = intField(file, c, "height");
    int width = intField(file, c, "width");
    int questionsPerScene = intField(file, c, "questions_per_scene");
    int laterScenes = intField(file, c, "later_scenes");
    int maxSteps = intField(file, c, "max_steps");
    double actionNoise = actionNoise(file, c);
    try {
      List<TaskFamily> fams = new ArrayList<>();
      families.forEach(f -> fams.add(TaskFamily.parse(f.asText())));
      Set<QuestionFamily> questions = QuestionFamily.standard();
      if (c.has("question_families")) {
        List<String> keys = new ArrayList<>();
        c.get("question_families").forEach(q -> keys.add(q.asText()));
        questions = QuestionFamily.parseList(keys);
      }
      return new GenerateConfig(episodes, fams, BlockSet.parse(blockSet.asText()), seed, new ImageSize(height, width),
          questionsPerScene, laterScenes, maxSteps, actionNoise, threads, questions);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": config: " + e.getMessage()
          + "; regenerate the dataset or undo the edit if the file was changed by hand", e);
    }
  }

  /**
   * {@code config.action_noise}: the std (m) of the noise the oracle's actions were executed with ({@link DartPolicy});
   * 0 when the file names none.
   */
  private static double actionNoise(Path file, JsonNode config) {
    JsonNode noise = config.path("action_noise");
    if (noise.isMissingNode()) {
      return 0;
    }
    if (!noise.isNumber() || !(noise.doubleValue() >= 0) || !Double.isFinite(noise.doubleValue())) {
      throw new IllegalArgumentException(file + ": config.action_noise must be a number of metres >= 0, got " + noise
          + "; regenerate the dataset or remove the field if it was edited by hand");
    }
    return noise.doubleValue();
  }

  private static int intField(Path file, JsonNode config, String name) {
    JsonNode n = integral(file, config, name);
    if (!n.canConvertToInt()) {
      throw new IllegalArgumentException(file + ": config." + name + " is out of int range, got " + n
          + "; regenerate the dataset");
    }
    return n.intValue();
  }

  private static JsonNode integral(Path file, JsonNode config, String name) {
    JsonNode n = required(file, config, name);
    if (!n.isIntegralNumber()) {
      throw new IllegalArgumentException(file + ": config." + name + " must be an integer, got " + n
          + "; regenerate the dataset or undo the edit if the file was changed by hand");
    }
    return n;
  }

  private static JsonNode required(Path file, JsonNode config, String name) {
    JsonNode n = config.path(name);
    if (n.isMissingNode() || n.isNull()) {
      throw new IllegalArgumentException(file + ": config." + name + " is missing (every world generate writes it);"
          + " regenerate the dataset");
    }
    return n;
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
