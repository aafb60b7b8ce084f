package org.chatvla4j.data;

import org.chatvla4j.io.AtomicFiles;
import org.chatvla4j.image.RgbImage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeRoundTripTest {
  @TempDir Path dir;

  @Test
  void everyDatasetRoundTripsBitwise() {
    Episode written = TestEpisodes.random(new SplittableRandom(7), 6, 12, 16, "top", "wrist");
    Path file = dir.resolve("episode_0.hdf5");
    EpisodeWriter.write(written, file);

    try (EpisodeFile read = EpisodeFile.open(file)) {
      assertEquals(6, read.length());
      assertEquals(List.of("top", "wrist"), read.cameraNames());
      assertTrue(read.simulated());
      assertFalse(read.compressed());
      assertEquals(written.instruction(), read.instruction());
      assertEquals(written.substepReasonings(), read.substepReasonings());
      assertEquals(Map.of("family", "block2block", "seed", "42"), read.attributes());
      assertBitwiseEqual(written.actions(), read.actions());
      assertBitwiseEqual(written.qpos(), read.qpos());
      assertBitwiseEqual(written.qvel(), read.qvel().orElseThrow());
      assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(read.actions()[0][0]));
      assertEquals(Float.MIN_VALUE, read.actions()[0][1]);
      for (String camera : read.cameraNames()) {
        for (int t = 0; t < read.length(); t++) {
          RgbImage expected = written.cameras().get(camera).get(t);
          RgbImage frame = read.frame(camera, t);
          assertEquals(12, frame.height());
          assertEquals(16, frame.width());
          assertArrayEquals(expected.rgb(), frame.rgb(), camera + " frame " + t);
        }
      }
      assertEquals(255, read.frame("top", 0).get(0, 0, 1));
      assertEquals(128, read.frame("top", 0).get(0, 0, 2));
    }
    assertEquals(written, EpisodeFile.read(file));
  }

  @Test
  void camerasComeBackSortedByNameAsHdf5ListsThem() {
    EpisodeBuilder b = new EpisodeBuilder("look around");
    LinkedHashMap<String, RgbImage> frames = new LinkedHashMap<>();
    for (String camera : List.of("wrist", "top", "b_cam", "a_cam")) {
      frames.put(camera, RgbImage.blank(2, 2));
    }
    b.add(new EpisodeBuilder.Step(new float[] {1}, new float[] {1}, new float[] {1}, frames, "r"));
    Episode episode = b.build();
    assertEquals(List.of("a_cam", "b_cam", "top", "wrist"), List.copyOf(episode.cameras().keySet()));
    Path file = dir.resolve("cams.hdf5");
    EpisodeWriter.write(episode, file);
    try (EpisodeFile read = EpisodeFile.open(file)) {
      assertEquals(List.of("a_cam", "b_cam", "top", "wrist"), read.cameraNames());
      assertEquals(episode, read.toEpisode());
    }
  }

  @Test
  void sameEpisodeGivesIdenticalBytes() throws IOException {
    Episode episode = TestEpisodes.random(new SplittableRandom(3), 4, 8, 10, "top");
    EpisodeWriter.write(episode, dir.resolve("a.hdf5"));
    EpisodeWriter.write(TestEpisodes.random(new SplittableRandom(3), 4, 8, 10, "top"), dir.resolve("b.hdf5"));
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.hdf5")), Files.readAllBytes(dir.resolve("b.hdf5")));
  }

  @Test
  void writingReplacesAnOldFileAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("episode.hdf5");
    Files.write(file, new byte[100_000]);
    Episode episode = TestEpisodes.random(new SplittableRandom(5), 3, 6, 8, "top");
    EpisodeWriter.write(episode, file);
    assertEquals(episode, EpisodeFile.read(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
    assertTrue(Files.size(file) < 100_000, "the old content must not survive at the end of the file");
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("episode.hdf5");
    Episode old = TestEpisodes.random(new SplittableRandom(5), 3, 6, 8, "top");
    EpisodeWriter.write(old, file);
    byte[] before = Files.readAllBytes(file);
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () -> AtomicFiles.write(file, temp -> {
              Files.write(temp, new byte[] {1, 2, 3});
              throw new IOException("disk full (simulated)");
            }));
    assertTrue(e.getMessage().contains("episode.hdf5") && e.getMessage().contains("disk full"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void builderAssemblesStepsAndRejectsInconsistentOnes() {
    RgbImage frame = RgbImage.blank(2, 3);
    EpisodeBuilder b = new EpisodeBuilder("stack the blocks").simulated(true).attribute("family", "f");
    b.add(new EpisodeBuilder.Step(new float[] {1, 2}, new float[] {3, 4}, new float[] {0, 0}, Map.of("top", frame), "a"));
    b.add(new EpisodeBuilder.Step(new float[] {5, 6}, new float[] {7, 8}, new float[] {0, 0}, Map.of("top", frame), "b"));
    IllegalArgumentException wide =
        assertThrows(
            IllegalArgumentException.class,
            () -> b.add(new EpisodeBuilder.Step(new float[] {1, 2, 3}, new float[] {3, 4}, new float[] {0, 0}, Map.of("top", frame), "c")));
    assertEquals("step 2 action has 3 values but step 0 had 2", wide.getMessage());
    IllegalArgumentException noReason =
        assertThrows(
            IllegalArgumentException.class,
            () -> b.add(new EpisodeBuilder.Step(new float[] {1, 2}, new float[] {3, 4}, new float[] {0, 0}, Map.of("top", frame), null)));
    assertTrue(noReason.getMessage().startsWith("step 2 has no substep reasoning"), noReason.getMessage());
    Episode e = b.build();
    assertEquals(2, e.length());
    assertEquals(List.of("a", "b"), e.substepReasonings());
    assertEquals(7f, e.qpos()[1][0]);
    assertTrue(e.simulated());
  }

  @Test
  void episodeRejectsBadShapesNamingTheField() {
    RgbImage frame = RgbImage.blank(2, 3);
    float[][] two = {{0}, {0}};
    IllegalArgumentException rows =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Episode("x", two, new float[][] {{0}}, two, oneCamera("top", frame, 2), List.of(), false, Map.of()));
    assertEquals("qpos has 1 rows but actions has 2; every per-step array needs one row per step", rows.getMessage());
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Episode("x", new float[][] {{0}, {Float.NaN}}, two, two, oneCamera("top", frame, 2), List.of(), false, Map.of()));
    assertEquals("actions[1][0] is NaN; values must be finite", nan.getMessage());
    IllegalArgumentException reserved =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Episode("x", two, two, two, oneCamera("top", frame, 2), List.of(), false, Map.of("sim", "1")));
    assertTrue(reserved.getMessage().startsWith("attribute 'sim' is reserved"), reserved.getMessage());
    IllegalArgumentException slash =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Episode("x", two, two, two, oneCamera("a/b", frame, 2), List.of(), false, Map.of()));
    assertTrue(slash.getMessage().contains("'a/b'"), slash.getMessage());
    IllegalArgumentException frames =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Episode("x", two, two, two, oneCamera("top", frame, 3), List.of(), false, Map.of()));
    assertEquals(
        "camera 'top' has 3 frames but actions has 2 rows; every camera needs one frame per step", frames.getMessage());
  }

  private static LinkedHashMap<String, List<RgbImage>> oneCamera(String name, RgbImage frame, int frames) {
    LinkedHashMap<String, List<RgbImage>> m = new LinkedHashMap<>();
    m.put(name, java.util.Collections.nCopies(frames, frame));
    return m;
  }

  static void assertBitwiseEqual(float[][] expected, float[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int r = 0; r < expected.length; r++) {
      assertEquals(expected[r].length, actual[r].length);
      for (int c = 0; c < expected[r].length; c++) {
        assertEquals(
            Float.floatToRawIntBits(expected[r][c]), Float.floatToRawIntBits(actual[r][c]), "[" + r + "][" + c + "]");
      }
    }
  }
}
