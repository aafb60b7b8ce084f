package org.chatvla4j.data;

import org.chatvla4j.image.RgbImage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetDirectoryTest {
  @TempDir Path parent;

  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  static final DatasetProvenance PROVENANCE =
      new DatasetProvenance(
          "chatvla4j 0.1.0-test",
          Map.of("episodes", 7L, "questions", 8L),
          Map.of("block2block", 1, "block2abs", 1),
          Map.of("color", 2));

  /** Writes a 2-episode, 2-question dataset; {@code seed} changes the content. */
  static DatasetManifest build(Path out, ExistingOutput policy, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    try (DatasetStaging staging = DatasetDirectory.create(out, policy)) {
      assertEquals("episodes/episode_000000.hdf5", staging.writeEpisode(TestEpisodes.random(rng, 3, 6, 8, "top")));
      assertEquals("episodes/episode_000001.hdf5", staging.writeEpisode(TestEpisodes.random(rng, 4, 6, 8, "top")));
      staging.writeImage("q_000000.png", TestEpisodes.random(rng, 1, 6, 8, "top").cameras().get("top").getFirst());
      staging.writeImage("q_000001.png", TestEpisodes.random(rng, 1, 6, 8, "top").cameras().get("top").getFirst());
      staging.writeVqa(
          List.of(
              VqaSample.singleTurn("q_000000", "q_000000.png", "What color is the moon?", "red"),
              VqaSample.singleTurn("q_000001", "q_000001.png", "How many blocks?", "4")));
      return staging.commit(PROVENANCE, T0);
    }
  }

  private List<String> siblings() throws IOException {
    try (Stream<Path> s = Files.list(parent)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void buildsTheLayoutWithAManifestThatMatchesTheFiles() throws Exception {
    Path out = parent.resolve("data");
    DatasetManifest m = build(out, ExistingOutput.REFUSE_NON_EMPTY, 1);
    assertEquals(new DatasetManifest.Counts(2, 7, 2, 2), m.counts());
    assertEquals(
        List.of("episodes/episode_000000.hdf5", "episodes/episode_000001.hdf5", "images/q_000000.png",
            "images/q_000001.png", "vqa.json"),
        m.files().stream().map(ManifestFile::path).toList());
    for (ManifestFile f : m.files()) {
      assertEquals(Files.size(out.resolve(f.path())), f.bytes(), f.path());
      assertEquals(DatasetFiles.sha256(out.resolve(f.path())), f.sha256(), f.path());
    }
    assertEquals(m, DatasetDirectory.readManifest(out));
    assertEquals(List.of(), DatasetDirectory.verify(out));
    assertEquals(List.of("data"), siblings());
    assertEquals(2, DatasetDirectory.episodeFiles(out).size());
    assertEquals(3, EpisodeFile.read(DatasetDirectory.episodeFiles(out).getFirst()).length());
    assertEquals(2, VqaJson.read(out.resolve(DatasetDirectory.VQA_JSON)).size());
    RgbImage png = RgbImage.decode(Files.readAllBytes(out.resolve("images/q_000000.png")));
    assertEquals(6, png.height());
  }

  @Test
  void manifestJsonRoundTripsAndNamesBadFields() {
    DatasetManifest m = build(parent.resolve("data"), ExistingOutput.REFUSE_NON_EMPTY, 1);
    String json = m.toJson();
    assertEquals(m, DatasetManifest.fromJson(json, "m.json"));
    assertTrue(json.contains("\"created_at\" : \"2026-01-02T03:04:05Z\""), json);
    assertTrue(json.contains("\"vqa_samples\" : 2"), json);
    IllegalArgumentException frames =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatasetManifest.fromJson(json.replace("\"frames\" : 7", "\"frames\" : \"seven\""), "m.json"));
    assertEquals("m.json: counts.frames: must be an integer, found STRING \"seven\"", frames.getMessage());
    IllegalArgumentException hash =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatasetManifest.fromJson(json.replace("\"bytes\" : " + m.files().getLast().bytes(), "\"bytes\" : 1"), "m.json"));
    assertTrue(hash.getMessage().startsWith("m.json: content_sha256 is " + m.contentSha256()), hash.getMessage());
    IllegalArgumentException families =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatasetManifest.of(
                new DatasetProvenance("t", Map.of(), Map.of("a", 5), Map.of()), T0, m.counts(), m.files()));
    assertEquals(
        "episode_families sums to 5 but counts.episodes is 2; every item belongs to one family", families.getMessage());
  }

  @Test
  void sameContentGivesTheSameContentHashAndOtherContentAnother() {
    DatasetManifest a = build(parent.resolve("a"), ExistingOutput.REFUSE_NON_EMPTY, 1);
    DatasetManifest b = build(parent.resolve("b"), ExistingOutput.REFUSE_NON_EMPTY, 1);
    DatasetManifest c = build(parent.resolve("c"), ExistingOutput.REFUSE_NON_EMPTY, 2);
    assertEquals(a.contentSha256(), b.contentSha256());
    assertEquals(a.files(), b.files());
    assertNotEquals(a.contentSha256(), c.contentSha256());
  }

  @Test
  void verifyReportsChangedMissingAndExtraFiles() throws Exception {
    Path out = parent.resolve("data");
    build(out, ExistingOutput.REFUSE_NON_EMPTY, 1);
    byte[] vqa = Files.readAllBytes(out.resolve("vqa.json"));
    vqa[5] ^= 1;
    Files.write(out.resolve("vqa.json"), vqa);
    Files.delete(out.resolve("images/q_000001.png"));
    Files.writeString(out.resolve("notes.txt"), "x");
    List<String> problems = DatasetDirectory.verify(out);
    assertEquals(3, problems.size(), problems.toString());
    assertEquals("images/q_000001.png: missing", problems.get(0));
    assertTrue(problems.get(1).startsWith("vqa.json: content changed (sha256 "), problems.get(1));
    assertEquals("notes.txt: not in the manifest", problems.get(2));
  }

  @Test
  void nonEmptyDirectoryIsRefusedBeforeAnyWork() throws Exception {
    Path out = parent.resolve("data");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "mine");
    DatasetOutputException e =
        assertThrows(DatasetOutputException.class, () -> DatasetDirectory.create(out, ExistingOutput.REFUSE_NON_EMPTY));
    assertEquals(
        out + ": already holds 1 entries (keep.txt); choose a new or empty directory, or ask to replace the dataset there",
        e.getMessage());
    assertEquals("mine", Files.readString(out.resolve("keep.txt")));
    assertEquals(List.of("data"), siblings());
  }

  @Test
  void replaceNeverTouchesADirectoryThatIsNotADataset() throws Exception {
    Path out = parent.resolve("home");
    Files.createDirectories(out);
    Files.writeString(out.resolve("thesis.tex"), "years of work");
    DatasetOutputException e =
        assertThrows(DatasetOutputException.class, () -> DatasetDirectory.create(out, ExistingOutput.REPLACE_DATASET));
    assertTrue(e.getMessage().contains("no manifest.json, so it is not a dataset this tool wrote; refusing to replace it"), e.getMessage());
    assertEquals("years of work", Files.readString(out.resolve("thesis.tex")));
  }

  @Test
  void emptyExistingDirectoryIsUsed() throws Exception {
    Path out = parent.resolve("data");
    Files.createDirectories(out);
    build(out, ExistingOutput.REFUSE_NON_EMPTY, 1);
    assertEquals(List.of(), DatasetDirectory.verify(out));
    assertEquals(List.of("data"), siblings());
  }

  @Test
  void replaceSwapsInTheNewDataset() throws Exception {
    Path out = parent.resolve("data");
    DatasetManifest old = build(out, ExistingOutput.REFUSE_NON_EMPTY, 1);
    DatasetManifest fresh = build(out, ExistingOutput.REPLACE_DATASET, 2);
    assertNotEquals(old.contentSha256(), fresh.contentSha256());
    assertEquals(fresh, DatasetDirectory.readManifest(out));
    assertEquals(List.of(), DatasetDirectory.verify(out));
    assertEquals(List.of("data"), siblings());
  }

  @Test
  void failureMidwayLeavesTheOldDatasetIntact() throws Exception {
    Path out = parent.resolve("data");
    DatasetManifest old = build(out, ExistingOutput.REFUSE_NON_EMPTY, 1);
    byte[] oldEpisode = Files.readAllBytes(out.resolve("episodes/episode_000000.hdf5"));

    RuntimeException boom =
        assertThrows(
            RuntimeException.class,
            () -> {
              try (DatasetStaging staging = DatasetDirectory.create(out, ExistingOutput.REPLACE_DATASET)) {
                staging.writeEpisode(TestEpisodes.random(new SplittableRandom(9), 5, 6, 8, "top"));
                throw new RuntimeException("renderer crashed (simulated)");
              }
            });
    assertEquals("renderer crashed (simulated)", boom.getMessage());
    assertEquals(old, DatasetDirectory.readManifest(out));
    assertEquals(List.of(), DatasetDirectory.verify(out));
    assertArrayEquals(oldEpisode, Files.readAllBytes(out.resolve("episodes/episode_000000.hdf5")));
    assertEquals(List.of("data"), siblings());

    // A failure inside commit (the families do not add up) also leaves the old dataset and no staging directory.
    assertThrows(
        IllegalArgumentException.class,
        () -> {
          try (DatasetStaging staging = DatasetDirectory.create(out, ExistingOutput.REPLACE_DATASET)) {
            staging.writeEpisode(TestEpisodes.random(new SplittableRandom(9), 5, 6, 8, "top"));
            staging.commit(new DatasetProvenance("t", Map.of(), Map.of("block2block", 3), Map.of()), T0);
          }
        });
    assertEquals(old, DatasetDirectory.readManifest(out));
    assertEquals(List.of("data"), siblings());
  }

  @Test
  void episodesWrittenFromSeveralThreadsGetDistinctFilesAndAllFrames() throws Exception {
    Path out = parent.resolve("data");
    DatasetManifest m;
    try (DatasetStaging staging = DatasetDirectory.create(out, ExistingOutput.REFUSE_NON_EMPTY);
        ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<String>> names = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Episode e = TestEpisodes.random(new SplittableRandom(i), 2 + i, 6, 8, "top");
        names.add(pool.submit(() -> staging.writeEpisode(e)));
      }
      Set<String> distinct = new HashSet<>();
      for (Future<String> f : names) {
        distinct.add(f.get());
      }
      assertEquals(8, distinct.size());
      m = staging.commit(new DatasetProvenance("t", Map.of(), Map.of(), Map.of()), T0);
    }
    // 2 + 3 + ... + 9 steps.
    assertEquals(new DatasetManifest.Counts(8, 44, 0, 0), m.counts());
    long frames = 0;
    for (Path p : DatasetDirectory.episodeFiles(out)) {
      try (EpisodeFile e = EpisodeFile.open(p)) {
        frames += e.length();
      }
    }
    assertEquals(44, frames);
    assertEquals(List.of(), VqaJson.read(out.resolve("vqa.json")));
  }

  @Test
  void vqaMustReferToWrittenImages() {
    try (DatasetStaging staging = DatasetDirectory.create(parent.resolve("data"), ExistingOutput.REFUSE_NON_EMPTY)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> staging.writeVqa(List.of(VqaSample.singleTurn("q7", "q7.png", "?", "!"))));
      assertEquals(
          "VQA sample 0 (id q7) names image 'q7.png', which was not written to images/; write it with writeImage first",
          e.getMessage());
      IllegalArgumentException name =
          assertThrows(IllegalArgumentException.class, () -> staging.writeImage("../escape.png", RgbImage.blank(1, 1)));
      assertTrue(name.getMessage().startsWith("image file name '../escape.png' must match"), name.getMessage());
    }
    assertFalse(Files.exists(parent.resolve("data")));
  }

  @Test
  void unwritableOutputIsAClearError() throws Exception {
    Path blocker = parent.resolve("a-file");
    Files.writeString(blocker, "not a directory");
    Path out = blocker.resolve("data");
    DatasetOutputException e =
        assertThrows(DatasetOutputException.class, () -> DatasetDirectory.create(out, ExistingOutput.REFUSE_NON_EMPTY));
    assertTrue(e.getMessage().startsWith(out + ": cannot create files in its parent directory " + blocker + " ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("); make it writable or choose another output directory"), e.getMessage());

    Path outIsFile = parent.resolve("file-out");
    Files.writeString(outIsFile, "x");
    DatasetOutputException f =
        assertThrows(DatasetOutputException.class, () -> DatasetDirectory.create(outIsFile, ExistingOutput.REPLACE_DATASET));
    assertEquals(outIsFile + ": exists and is not a directory; choose a directory path for the dataset", f.getMessage());
  }
}
