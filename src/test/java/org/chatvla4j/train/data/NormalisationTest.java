package org.chatvla4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.data.EpisodeFormatException;
import org.chatvla4j.image.ImageSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NormalisationTest {
  @TempDir Path dir;

  @Test
  void statsOverAllFramesOfAllEpisodesMatchClosedForm() throws Exception {
    Map<String, int[]> cam = Map.of("top", new int[] {4, 6});
    Files.createDirectories(dir.resolve("b"));
    Fixtures.write(Fixtures.episode(0, 4, cam), dir.resolve("a.hdf5"));
    Fixtures.write(Fixtures.episode(10, 3, cam), dir.resolve("b/c.hdf5"));
    Files.writeString(dir.resolve(".hidden.hdf5"), "not an episode: hidden files are skipped");
    RobotEpisodes episodes = RobotEpisodes.scan(List.of(dir), true);
    assertEquals(2, episodes.episodeCount());
    assertEquals(7, episodes.frames());
    assertEquals(new RobotEpisodes.Frame(1, 2), episodes.frame(6));
    assertEquals(new RobotEpisodes.Frame(1, 0), episodes.frame(4));
    assertEquals(new RobotEpisodes.Frame(0, 3), episodes.frame(3));
    DatasetStats s = episodes.computeStats();
    // qpos = (t, base, t/2, -t) over t = 0..3 (base 0) and t = 0..2 (base 10); population std.
    double s52 = Math.sqrt(52) / 7;
    double[] mean = {9.0 / 7, 30.0 / 7, 9.0 / 14, -9.0 / 7};
    double[] std = {s52, Math.sqrt(1200) / 7, s52 / 2, s52};
    for (int j = 0; j < 4; j++) {
      assertEquals(mean[j], s.stateMean()[j], 1e-5, "mean " + j);
      assertEquals(std[j], s.stateStd()[j], 1e-5, "std " + j);
    }
    // actions = (base + t, -2 (base + t)): 0..3 and 10..12, widened by 1e-4.
    assertEquals(0 - 1e-4, s.actionMin()[0], 1e-7);
    assertEquals(12 + 1e-4, s.actionMax()[0], 1e-6);
    assertEquals(-24 - 1e-4, s.actionMin()[1], 1e-6);
    assertEquals(0 + 1e-4, s.actionMax()[1], 1e-7);
    assertEquals(Map.of("top", new ImageSize(4, 6)), s.cameraSizes(), "every episode's top camera is 4x6");
    assertEquals(Optional.empty(), s.blockSet(), "not a generated dataset's layout");
  }

  @Test
  void aCameraWhoseSizeDiffersBetweenEpisodesIsNotRecorded() throws Exception {
    Fixtures.write(Fixtures.episode(0, 3, Map.of("top", new int[] {4, 6}, "wrist", new int[] {2, 2})), dir.resolve("a.hdf5"));
    Fixtures.write(Fixtures.episode(5, 3, Map.of("top", new int[] {8, 6}, "wrist", new int[] {2, 2})), dir.resolve("b.hdf5"));
    DatasetStats s = RobotEpisodes.scan(List.of(dir), true).computeStats();
    assertEquals(Map.of("wrist", new ImageSize(2, 2)), s.cameraSizes());
  }

  /** A generated dataset's layout: DIR/episodes/*.hdf5 and DIR/world.json naming {@code blockSet} (null: no world.json). */
  Path generated(String name, String blockSet) throws Exception {
    Path root = dir.resolve(name);
    Files.createDirectories(root.resolve("episodes"));
    Fixtures.write(Fixtures.episode(0, 3, Map.of("top", new int[] {4, 6})), root.resolve("episodes/episode_000000.hdf5"));
    if (blockSet != null) {
      // The config after other fields, as the generator writes it.
      Files.writeString(root.resolve("world.json"), "{\"format\": \"chatvla4j-world\", \"camera\": \"top\", \"config\": "
          + "{\"episodes\": 1, \"block_set\": \"" + blockSet + "\", \"seed\": 0}, \"images\": [{\"image\": \"x.png\"}]}");
    }
    return root;
  }

  @Test
  void theBlockSetOfAGeneratedDatasetIsRecordedWhenAllItsEpisodesAgree() throws Exception {
    Path eight = generated("eight", "BLOCK_8");
    assertEquals(Optional.of("BLOCK_8"), RobotEpisodes.scan(List.of(eight.resolve("episodes")), true).computeStats().blockSet());
    assertEquals(Optional.of("BLOCK_8"), RobotEpisodes.scan(List.of(eight), true).computeStats().blockSet(),
        "named by the dataset's root as well as by its episodes folder");
    assertEquals(Optional.of("BLOCK_8"),
        RobotEpisodes.scan(List.of(eight, generated("eight-too", "block_8")), true).computeStats().blockSet());

    Path none = generated("elsewhere", null);
    assertEquals(Optional.empty(), RobotEpisodes.scan(List.of(none), true).computeStats().blockSet(), "no world.json");
    assertEquals(Optional.empty(), RobotEpisodes.scan(List.of(eight, none), true).computeStats().blockSet(), "partly unknown");
    Path four = generated("four", "BLOCK_4");
    assertEquals(Optional.empty(), RobotEpisodes.scan(List.of(eight, four), true).computeStats().blockSet(), "two sets");

    Path bad = generated("bad", "BLOCK_9");
    var e = assertThrows(IllegalArgumentException.class, () -> RobotEpisodes.scan(List.of(bad), true).computeStats());
    assertTrue(e.getMessage().contains(bad.resolve("world.json").toString()) && e.getMessage().contains("config.block_set")
        && e.getMessage().contains("BLOCK_8"), e.getMessage());
  }

  @Test
  void unnormalizeOfNormalizeIsTheIdentity() {
    SplittableRandom rng = new SplittableRandom(3);
    float[][] actions = new float[200][3];
    for (float[] a : actions) {
      for (int j = 0; j < 3; j++) {
        a[j] = (float) (rng.nextGaussian() * (j + 1) * 0.2 + j);
      }
    }
    float[][] states = {{0, 0}, {1, 1}};
    DatasetStats s = DatasetStats.compute(states, actions);
    double worst = 0;
    for (float[] a : actions) {
      float[] n = s.normalizeAction(a);
      float[] back = s.unnormalizeAction(n);
      for (int j = 0; j < 3; j++) {
        assertTrue(n[j] > -1 && n[j] < 1, "normalised " + n[j] + " outside (-1, 1)");
        worst = Math.max(worst, Math.abs(back[j] - a[j]));
      }
    }
    assertTrue(worst <= 1e-6, "max |unnormalize(normalize(a)) - a| = " + worst);
  }

  @Test
  void episodesOfDifferentActionWidthAreRefusedNamingTheFile() {
    Fixtures.write(Fixtures.episode(0, 3, Map.of("top", new int[] {4, 6})), dir.resolve("a.hdf5"));
    var wide = Fixtures.episode(1, 3, Map.of("top", new int[] {4, 6}));
    float[][] a3 = new float[3][3];
    var bad = new org.chatvla4j.data.Episode(wide.instruction(), a3, wide.qpos(), wide.qvel(), wide.cameras(),
        wide.substepReasonings(), true, Map.of());
    Fixtures.write(bad, dir.resolve("b.hdf5"));
    EpisodeFormatException e = assertThrows(EpisodeFormatException.class, () -> RobotEpisodes.scan(List.of(dir), true));
    assertTrue(e.getMessage().contains("b.hdf5") && e.getMessage().contains("/action") && e.getMessage().contains("3 values"),
        e.getMessage());
  }
}
