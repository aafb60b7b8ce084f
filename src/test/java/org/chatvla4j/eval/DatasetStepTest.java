package org.chatvla4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.chatvla4j.data.DatasetDirectory;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.dataset.GenerateConfig;
import org.chatvla4j.world.dataset.WorldJson;
import org.chatvla4j.world.render.ImageSize;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset is reused only when its world.json config matches the one asked for, threads aside. */
class DatasetStepTest {
  static final GenerateConfig TINY =
      GenerateConfig.defaults(2)
          .withFamilies(List.of(TaskFamily.BLOCK2BLOCK, TaskFamily.SEPARATE))
          .withImageSize(new ImageSize(45, 80))
          .withQuestionsPerScene(1)
          .withSeed(11)
          .withThreads(2);

  @TempDir static Path tmp;
  static Path data;
  static String manifestSha;

  @BeforeAll
  static void generate() throws IOException {
    data = tmp.resolve("data");
    DatasetStep.Outcome o = DatasetStep.generateOrReuse(TINY, data, "chatvla4j test", false);
    assertFalse(o.reused());
    assertEquals(2, o.episodes());
    manifestSha = sha256(data.resolve(DatasetDirectory.MANIFEST_JSON));
  }

  @Test
  void theSameConfigIsReusedWithoutTouchingTheFiles() throws IOException {
    DatasetStep.Outcome o = DatasetStep.generateOrReuse(TINY, data, "chatvla4j test", false);
    assertTrue(o.reused());
    assertEquals(2, o.episodes());
    assertEquals(0, o.seconds(), 0.0);
    assertEquals(manifestSha, sha256(data.resolve(DatasetDirectory.MANIFEST_JSON)));
  }

  @Test
  void anotherThreadCountIsReused() throws IOException {
    assertTrue(DatasetStep.generateOrReuse(TINY.withThreads(1), data, "chatvla4j test", false).reused());
    assertEquals(manifestSha, sha256(data.resolve(DatasetDirectory.MANIFEST_JSON)));
  }

  @Test
  void anotherHeightIsRefusedNamingBothValues() throws IOException {
    String m = refused(TINY.withImageSize(new ImageSize(90, 80)));
    assertTrue(m.contains("height: 45 in the dataset, 90 asked"), m);
    assertFalse(m.contains("width"), m);
  }

  @Test
  void anotherActionNoiseIsRefusedNamingBothValues() throws IOException {
    String m = refused(TINY.withActionNoise(0.005));
    assertTrue(m.contains("action_noise: 0.0 in the dataset, 0.005 asked"), m);
  }

  @Test
  void anotherEpisodeCountIsRefusedNamingBothValues() throws IOException {
    GenerateConfig three = new GenerateConfig(3, TINY.families(), TINY.blockSet(), TINY.seed(), TINY.imageSize(),
        TINY.questionsPerScene(), TINY.laterScenes(), TINY.maxSteps(), TINY.actionNoise(), TINY.threads(), TINY.questionFamilies());
    String m = refused(three);
    assertTrue(m.contains("episodes: 2 in the dataset, 3 asked"), m);
  }

  @Test
  void otherQuestionFamiliesAreRefusedNamingBothSets() throws IOException {
    String m = refused(TINY.withQuestionFamilies(java.util.EnumSet.allOf(org.chatvla4j.world.vqa.QuestionFamily.class)));
    assertTrue(m.contains("question_families: [query_color,") && m.contains("next_to] in the dataset, [query_color,")
        && m.contains("next_to, arm_direction] asked"), m);
  }

  @Test
  void everyDifferingFieldIsListed() throws IOException {
    String m = refused(TINY.withSeed(12).withMaxSteps(50).withFamilies(List.of(TaskFamily.SEPARATE)));
    assertTrue(m.contains("seed: 11 in the dataset, 12 asked"), m);
    assertTrue(m.contains("max_steps: " + TINY.maxSteps() + " in the dataset, 50 asked"), m);
    assertTrue(m.contains("families: [block2block, separate] in the dataset, [separate] asked"), m);
  }

  @Test
  void aManifestWithoutWorldJsonIsRefusedNamingIt() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("no-world"));
    Files.copy(data.resolve(DatasetDirectory.MANIFEST_JSON), dir.resolve(DatasetDirectory.MANIFEST_JSON));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DatasetStep.generateOrReuse(TINY, dir, "chatvla4j test", false));
    assertTrue(e.getMessage().contains(dir.resolve(WorldJson.FILE_NAME).toString()), e.getMessage());
    assertTrue(e.getMessage().contains("(demo: --fresh; otherwise delete "), e.getMessage());
  }

  @Test
  void aWorldJsonMissingAFieldIsRefusedNamingIt() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("old-world"));
    Files.copy(data.resolve(DatasetDirectory.MANIFEST_JSON), dir.resolve(DatasetDirectory.MANIFEST_JSON));
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = (ObjectNode) mapper.readTree(data.resolve(WorldJson.FILE_NAME).toFile());
    ((ObjectNode) root.get("config")).remove("height");
    mapper.writeValue(dir.resolve(WorldJson.FILE_NAME).toFile(), root);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DatasetStep.generateOrReuse(TINY, dir, "chatvla4j test", false));
    assertTrue(e.getMessage().contains(dir.resolve(WorldJson.FILE_NAME) + ": config.height is missing"), e.getMessage());
  }

  /** The refusal's message, after checking it names world.json and the fix and left the dataset untouched. */
  private static String refused(GenerateConfig asked) throws IOException {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DatasetStep.generateOrReuse(asked, data, "chatvla4j test", false));
    String m = e.getMessage();
    assertTrue(m.startsWith(data.resolve(WorldJson.FILE_NAME).toString()), m);
    assertTrue(m.endsWith("(demo: --fresh; otherwise delete " + data + "), or use another --out"), m);
    assertEquals(manifestSha, sha256(data.resolve(DatasetDirectory.MANIFEST_JSON)));
    return m;
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
