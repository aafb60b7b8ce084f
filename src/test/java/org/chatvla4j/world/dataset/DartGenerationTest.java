package org.chatvla4j.world.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.chatvla4j.data.DatasetDirectory;
import org.chatvla4j.data.DatasetManifest;
import org.chatvla4j.data.EpisodeFile;
import org.chatvla4j.data.ExistingOutput;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.render.ImageSize;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code world generate --action-noise}: reproducible files, the recorded setting, and the option's validation. */
class DartGenerationTest {
  static final GenerateConfig NOISY =
      GenerateConfig.defaults(3)
          .withFamilies(List.of(TaskFamily.BLOCK2BLOCK, TaskFamily.SEPARATE, TaskFamily.BLOCK2ABSOLUTELOCATION))
          .withImageSize(new ImageSize(45, 80))
          .withQuestionsPerScene(2)
          .withSeed(11)
          .withActionNoise(0.005)
          .withThreads(2);

  @TempDir static Path tmp;
  static DatasetManifest first;

  @BeforeAll
  static void generate() {
    first = generate(NOISY, "first");
  }

  private static DatasetManifest generate(GenerateConfig config, String name) {
    return new DatasetGenerator(config, "chatvla4j test").progress(false)
        .generate(tmp.resolve(name), ExistingOutput.REFUSE_NON_EMPTY).manifest();
  }

  @Test
  void theSameSeedGivesTheSameFilesAgainAndOnOneThread() {
    DatasetManifest again = generate(NOISY, "again");
    DatasetManifest oneThread = generate(NOISY.withThreads(1), "one-thread");
    assertEquals(first.files(), again.files());
    assertEquals(first.files(), oneThread.files());
    assertEquals(first.contentSha256(), oneThread.contentSha256());
    assertEquals(3, first.counts().episodes());
    // The noise is in the files: the noise-free run of the same seed differs.
    assertNotEquals(first.contentSha256(), generate(NOISY.withActionNoise(0), "clean").contentSha256());
  }

  @Test
  void theNoiseIsRecordedInWorldJsonAndEveryEpisode() {
    Path dir = tmp.resolve("first");
    assertEquals(0.005, WorldJson.readGenerateConfig(dir.resolve(WorldJson.FILE_NAME), 1).actionNoise(), 0.0);
    assertEquals(Optional.of(BlockSet.BLOCK_8), WorldJson.readBlockSet(dir.resolve(WorldJson.FILE_NAME)));
    for (Path f : DatasetDirectory.episodeFiles(dir)) {
      try (EpisodeFile e = EpisodeFile.open(f)) {
        assertEquals("0.005", e.attributes().get(OracleAttempt.ACTION_NOISE_ATTRIBUTE), f.toString());
      }
    }
  }

  @Test
  void worldJsonRoundTripsTheConfigAndOldFilesReadZeroNoise() throws IOException {
    WorldJson.Content content = new WorldJson.Content(NOISY.withActionNoise(0.0125), 4, List.of(), List.of(), List.of());
    Path file = tmp.resolve("world-noisy.json");
    Files.write(file, WorldJson.toBytes(content));
    // The whole config reads back; the threads are not in the file and come from the caller.
    assertEquals(NOISY.withActionNoise(0.0125), WorldJson.readGenerateConfig(file, NOISY.threads()));
    assertEquals(1, WorldJson.readGenerateConfig(file, 1).threads());

    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = (ObjectNode) mapper.readTree(file.toFile());
    ((ObjectNode) root.get("config")).remove("action_noise");
    Path old = tmp.resolve("world-old.json");
    mapper.writeValue(old.toFile(), root);
    assertEquals(0.0, WorldJson.readGenerateConfig(old, 1).actionNoise(), 0.0);

    ((ObjectNode) root.get("config")).put("action_noise", "lots");
    Path bad = tmp.resolve("world-bad.json");
    mapper.writeValue(bad.toFile(), root);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WorldJson.readGenerateConfig(bad, 1));
    assertTrue(e.getMessage().contains("world-bad.json") && e.getMessage().contains("config.action_noise"), e.getMessage());
  }

  @Test
  void badNoiseIsRefusedNamingTheFlag() {
    for (double bad : new double[] {-0.001, Double.NaN, Double.POSITIVE_INFINITY, 0.035, 0.1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NOISY.withActionNoise(bad));
      assertTrue(e.getMessage().contains("--action-noise") && e.getMessage().contains(Double.toString(bad)),
          bad + ": " + e.getMessage());
      assertTrue(e.getMessage().contains("[0, 0.035)"), e.getMessage());
    }
    assertEquals(0.0349, NOISY.withActionNoise(0.0349).actionNoise(), 0.0);
    assertEquals(0.0, GenerateConfig.defaults(1).actionNoise(), 0.0);
    assertEquals(0.035, GenerateConfig.MAX_ACTION_NOISE, 1e-15);
  }
}
