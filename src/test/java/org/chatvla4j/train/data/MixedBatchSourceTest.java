package org.chatvla4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.chatvla4j.config.Presets;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.data.VqaFormatException;
import org.chatvla4j.data.VqaJson;
import org.chatvla4j.data.VqaSample;
import org.chatvla4j.data.VqaTurn;
import org.chatvla4j.image.ImageSizing;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.TrainingBatch;
import org.chatvla4j.model.TrainingSample;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.text.LabeledSequence;
import org.chatvla4j.text.Tokenizer;
import org.chatvla4j.train.DataSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixedBatchSourceTest {
  @TempDir static Path dir;
  private static ChatVla vla;
  private static Path episodes;
  private static Path vqaJson;

  /** Two episodes (5 and 7 steps, 12 frames) with a front and a wrist camera; three VQA samples, one text-only. */
  @BeforeAll
  static void fixtures() throws Exception {
    vla = ChatVla.create(Presets.tiny(), Tokenizer.tiny(), DType.F32, 1); // tiny head: chunk 8, action 2, state 4
    episodes = dir.resolve("episodes");
    Map<String, int[]> cams = new LinkedHashMap<>();
    cams.put("front", new int[] {36, 48});
    cams.put("left_wrist", new int[] {24, 24});
    Files.createDirectories(episodes.resolve("run2"));
    Fixtures.write(Fixtures.episode(0, 5, cams), episodes.resolve("run1.hdf5"));
    Fixtures.write(Fixtures.episode(10, 7, cams), episodes.resolve("run2/ep.hdf5"));
    Path vqaDir = Files.createDirectories(dir.resolve("vqa"));
    Files.createDirectories(vqaDir.resolve("images"));
    Files.write(vqaDir.resolve("images/a.png"), org.chatvla4j.image.RgbImage.blank(30, 40).encodePng());
    Files.write(vqaDir.resolve("b.png"), org.chatvla4j.image.RgbImage.blank(28, 28).encodePng());
    vqaJson = vqaDir.resolve("vqa.json");
    VqaJson.write(List.of(
        VqaSample.singleTurn("q0", "a.png", "What color is the block?", "Red."),
        new VqaSample("q1", List.of("b.png"), List.of(VqaTurn.human("<image>\nHow many blocks?"), VqaTurn.gpt("Two."),
            VqaTurn.human("Which is left?"), VqaTurn.gpt("The red one."))),
        new VqaSample("q2", List.of(), List.of(VqaTurn.human("Say hi."), VqaTurn.gpt("Hi.")))), vqaJson);
  }

  private static DataSpec spec(int robot, int vqa, boolean reasoning, boolean augment) {
    return new DataSpec(List.of(episodes), List.of(vqaJson), robot, vqa, reasoning, augment);
  }

  private static String supervisedText(LabeledSequence s) {
    long[] sup = Arrays.stream(s.labels()).filter(l -> l != LabeledSequence.IGNORE_INDEX).toArray();
    return vla.tokenizer().decode(sup);
  }

  /** Every tensor of a batch, flattened, for bitwise comparison. */
  private static List<Object> contents(TrainingBatch b) {
    var in = b.inputs();
    int[] experts = new int[(int) in.batchSize()];
    for (int i = 0; i < experts.length; i++) {
      experts[i] = b.routing().expertOf(i);
    }
    var r = b.robot().orElseThrow();
    return List.of(Tensors.toLongs(in.inputIds()), Tensors.toLongs(in.attentionMask()), Tensors.toFloats(in.pixelValues()),
        Tensors.toLongs(in.imageGridThw()), Tensors.toLongs(b.labels()), experts, r.rows(), Tensors.toFloats(r.actions()),
        Tensors.toFloats(r.isPad()), Tensors.toFloats(r.state()));
  }

  private static void assertSameBatch(List<Object> a, List<Object> b, String what) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertTrue(Arrays.deepEquals(new Object[] {a.get(i)}, new Object[] {b.get(i)}), what + ": part " + i + " differs");
    }
  }

  @Test
  void seekReproducesTheBatchOfAnUninterruptedSourceBitwise() {
    try (Scope s = Scope.open();
        MixedBatchSource straight = MixedBatchSource.create(spec(3, 1, true, true), vla, 8, 5, Optional.empty());
        MixedBatchSource resumed = MixedBatchSource.create(spec(3, 1, true, true), vla, 8, 5, Optional.empty())) {
      List<List<Object>> batches = new java.util.ArrayList<>();
      for (int p = 0; p < 4; p++) {
        batches.add(contents(straight.next()));
      }
      assertEquals(4, straight.position());
      resumed.seek(3);
      assertSameBatch(batches.get(3), contents(resumed.next()), "batch 3 after seek(3)");
      resumed.seek(1);
      assertSameBatch(batches.get(1), contents(resumed.next()), "batch 1 after seek(1)");
      assertSameBatch(batches.get(2), contents(resumed.next()), "batch 2 after batch 1");
      assertFalse(Arrays.equals((float[]) batches.get(0).get(2), (float[]) batches.get(1).get(2)), "batches differ");
    }
  }

  @Test
  void aPoolOfWorkersBuildsTheSameBatchesAsOneWorker() {
    try (Scope s = Scope.open();
        MixedBatchSource one = MixedBatchSource.create(spec(3, 1, true, true), vla, 8, 5, Optional.empty(),
            ImageSizing.nativeResolution(), 1);
        MixedBatchSource four = MixedBatchSource.create(spec(3, 1, true, true), vla, 8, 5, Optional.empty(),
            ImageSizing.nativeResolution(), 4)) {
      for (int p = 0; p < 4; p++) {
        assertSameBatch(contents(one.next()), contents(four.next()), "batch " + p + " with 1 vs 4 workers");
      }
      four.seek(1);
      one.seek(1);
      assertSameBatch(contents(one.next()), contents(four.next()), "batch 1 after seek");
    }
  }

  /**
   * The cache changes no value: batches from a source that caches nothing, from one whose cache holds the whole
   * dataset (whole-episode reads) and from one too small for it (single-frame reads, evictions), cold and warm (a
   * second source on the same cache, a second pass after seek), with 1 or 3 workers, are bitwise the same.
   */
  @Test
  void cachedBatchesEqualUncachedBitwiseColdOrWarmForAnyWorkerCount() {
    for (boolean augment : new boolean[] {false, true}) {
      DataSpec spec = spec(3, 1, true, augment);
      List<List<Object>> reference = new java.util.ArrayList<>();
      SampleCache none = new SampleCache(0);
      try (Scope s = Scope.open();
          MixedBatchSource src = MixedBatchSource.create(spec, vla, 8, 5, Optional.empty(), ImageSizing.nativeResolution(), 1, none)) {
        for (int p = 0; p < 6; p++) { // 48 samples: three passes over the 12 frames and 4 VQA slots
          reference.add(contents(src.next()));
        }
      }
      assertEquals(0, none.stats().entries());
      for (long bound : new long[] {1L << 30, 40_000}) {
        SampleCache cache = new SampleCache(bound);
        for (int workers : new int[] {1, 3}) {
          try (Scope s = Scope.open();
              MixedBatchSource src = MixedBatchSource.create(spec, vla, 8, 5, Optional.empty(), ImageSizing.nativeResolution(),
                  workers, cache)) {
            for (int pass = 0; pass < 2; pass++) {
              src.seek(0);
              for (int p = 0; p < 6; p++) {
                assertSameBatch(reference.get(p), contents(src.next()),
                    "augment " + augment + ", bound " + bound + ", " + workers + " workers, pass " + pass + ", batch " + p);
              }
            }
          }
        }
        SampleCache.Stats st = cache.stats();
        assertTrue(st.bytes() <= bound, st.toString());
        if (bound < 1L << 30) {
          assertTrue(st.evictions() > 0, "the small cache evicts: " + st);
        } else {
          assertTrue(st.hits() > 10 * st.misses(), "mostly hits once warm: " + st);
          assertEquals(0, st.evictions(), st.toString());
          assertEquals(12 + 2 + 3, st.entries(), "12 frames, 2 image files, 3 conversations: " + st);
        }
      }
    }
  }

  /** A cached sample is what the processor and the prompt builder make of the stored frames and images. */
  @Test
  void samplesEqualTheProcessorAndPromptsAppliedToTheStoredData() throws Exception {
    for (boolean augment : new boolean[] {false, true}) {
      try (MixedBatchSource src = MixedBatchSource.create(spec(3, 1, true, augment), vla, 16, 7, Optional.empty())) {
        src.samples(0); // warm
        List<TrainingSample> samples = src.samples(0);
        RobotEpisodes eps = RobotEpisodes.scan(List.of(episodes), true);
        try (RobotSamples uncached = new RobotSamples(eps, src.stats().orElseThrow(), vla.prompts(), vla.imageProcessor(),
            new RobotSamples.Options(8, RobotLabels.REASONING_THEN_ACTION_CUE,
                augment ? Optional.of(ImageAugmentation.chatVla()) : Optional.empty(), ImageSizing.nativeResolution()),
            new SampleCache(0))) {
          for (int i = 0; i < 16; i++) {
            MixSchedule.Draw d = src.schedule().draw(i);
            TrainingSample got = samples.get(i);
            if (d.source() == MixSchedule.Source.ROBOT) {
              var px = vla.imageProcessor().preprocess(uncached.cameraImages(d.index(), Seeds.stream(7, Seeds.AUGMENTATION, i)));
              assertArrayEquals(px.pixelValues(), got.images().pixelValues(), "robot sample " + i);
              RobotEpisodes.Frame f = eps.frame(d.index());
              RobotEpisodes.Episode e = eps.episode(f.episode());
              assertEquals(vla.prompts().robotSample(ChatVla.grids(px), e.instruction(), e.reasonings().get(f.t())), got.sequence());
            } else if (got.images().patches() > 0) {
              Path png = supervisedText(got.sequence()).startsWith("Red.") ? dir.resolve("vqa/images/a.png") : dir.resolve("vqa/b.png");
              var px = vla.imageProcessor().preprocess(org.chatvla4j.image.RgbImage.decode(Files.readAllBytes(png)));
              assertArrayEquals(px.pixelValues(), got.images().pixelValues(), "VQA sample " + i);
            }
          }
        }
      }
    }
  }

  @Test
  void batchesFollowTheScheduleAndRouteEachSampleToItsExpert() {
    try (Scope s = Scope.open(); MixedBatchSource src = MixedBatchSource.create(spec(3, 1, true, false), vla, 8, 9, Optional.empty())) {
      MixSchedule schedule = src.schedule();
      assertEquals(12, schedule.robotPerPass());
      assertEquals(4, schedule.vqaPerPass());
      int vqa = 0;
      for (long p = 0; p < 2000; p++) {
        vqa += schedule.draw(p).source() == MixSchedule.Source.VQA ? 1 : 0;
      }
      assertEquals(0.25, vqa / 2000.0, 0.02, "VQA share over 2,000 samples");
      for (int b = 0; b < 3; b++) {
        TrainingBatch batch = src.next();
        List<Long> robotRows = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
          boolean robot = schedule.draw(b * 8L + i).source() == MixSchedule.Source.ROBOT;
          assertEquals(robot ? Task.CONTROL.expertIndex() : Task.UNDERSTANDING.expertIndex(), batch.routing().expertOf(i));
          if (robot) {
            robotRows.add((long) i);
          }
        }
        assertArrayEquals(robotRows.stream().mapToLong(Long::longValue).toArray(), batch.robot().orElseThrow().rows());
        assertArrayEquals(new long[] {robotRows.size(), 8, 2}, batch.robot().orElseThrow().actions().sizes().vec().get());
      }
    }
  }

  @Test
  void robotSamplesSuperviseTheReasoningAndTheActionCueWithTheirTargets() {
    try (MixedBatchSource src = MixedBatchSource.create(spec(1, 0, true, false), vla, 12, 2, Optional.empty())) {
      DatasetStats stats = src.stats().orElseThrow();
      List<TrainingSample> samples = src.samples(0); // one pass: all 12 frames, shuffled
      for (int i = 0; i < 12; i++) {
        int frame = src.schedule().draw(i).index();
        int base = frame < 5 ? 0 : 10;
        int t = frame < 5 ? frame : frame - 5;
        TrainingSample s = samples.get(i);
        assertEquals(Task.CONTROL, s.task());
        assertEquals("move to block " + base + " step " + t + ".Next Action:<|im_end|>", supervisedText(s.sequence()));
        var r = s.robot().orElseThrow();
        int steps = base == 0 ? 5 : 7;
        for (int k = 0; k < 8; k++) {
          assertEquals(t + k >= steps, r.isPad()[k], "is_pad of frame " + frame + " step " + k);
          float[] expected = t + k < steps ? stats.normalizeAction(new float[] {base + t + k, -2f * (base + t + k)}) : new float[2];
          assertArrayEquals(expected, r.actions()[k], "action " + k + " of frame " + frame);
        }
        assertArrayEquals(stats.normalizeState(new float[] {t, base, 0.5f * t, -t}), r.state());
        // front 36x48: 28x56 is under min_pixels 3136, so β = √(3136/1728) and the sides round up to 56x84 = 4x6
        // patches; the wrist camera goes to 56x56 = 4x4 patches whatever its stored size.
        List<String> cams = camerasOf(base);
        assertArrayEquals(new long[] {1, 4, 6}, s.images().gridThw()[cams.indexOf("front")]);
        assertArrayEquals(new long[] {1, 4, 4}, s.images().gridThw()[cams.indexOf("left_wrist")]);
      }
    }
  }

  private static List<String> camerasOf(int base) {
    try (var f = org.chatvla4j.data.EpisodeFile.open(episodes.resolve(base == 0 ? "run1.hdf5" : "run2/ep.hdf5"))) {
      return f.cameraNames();
    }
  }

  @Test
  void withoutReasoningOnlyTheActionCueIsSupervised() {
    try (MixedBatchSource src = MixedBatchSource.create(spec(1, 0, false, false), vla, 4, 2, Optional.empty())) {
      for (TrainingSample s : src.samples(0)) {
        assertEquals("Next Action:<|im_end|>", supervisedText(s.sequence()));
      }
    }
  }

  @Test
  void vqaSamplesSuperviseOnlyTheAnswersAndAllowTextOnly() {
    try (MixedBatchSource src = MixedBatchSource.create(spec(0, 1, true, false), vla, 3, 4, Optional.empty())) {
      assertTrue(src.stats().isEmpty());
      List<TrainingSample> samples = src.samples(0);
      Map<String, TrainingSample> byAnswer = new java.util.HashMap<>();
      for (TrainingSample s : samples) {
        assertEquals(Task.UNDERSTANDING, s.task());
        assertTrue(s.robot().isEmpty());
        byAnswer.put(supervisedText(s.sequence()), s);
      }
      assertEquals(java.util.Set.of("Red.<|im_end|>", "Two.<|im_end|>The red one.<|im_end|>", "Hi.<|im_end|>"), byAnswer.keySet());
      assertEquals(0, byAnswer.get("Hi.<|im_end|>").images().patches());
      // images/a.png, 30x40 -> 56x84 (raised to min_pixels) = 4x6 patches; b.png beside the json, 28x28 -> 56x56.
      assertArrayEquals(new long[] {1, 4, 6}, byAnswer.get("Red.<|im_end|>").images().gridThw()[0]);
      assertArrayEquals(new long[] {1, 4, 4}, byAnswer.get("Two.<|im_end|>The red one.<|im_end|>").images().gridThw()[0]);
    }
  }

  @Test
  void givenStatsAreUsedAndReported() {
    DatasetStats given = new DatasetStats(new float[] {1, 2, 3, 4}, new float[] {2, 2, 2, 2}, new float[] {-50, -50},
        new float[] {50, 50});
    try (MixedBatchSource src = MixedBatchSource.create(spec(1, 0, true, false), vla, 2, 2, Optional.of(given))) {
      assertSame(given, src.stats().orElseThrow());
      int frame = src.schedule().draw(0).index();
      int base = frame < 5 ? 0 : 10;
      int t = frame < 5 ? frame : frame - 5;
      var r = src.samples(0).getFirst().robot().orElseThrow();
      assertArrayEquals(new float[] {(t - 1) / 2f, (base - 2) / 2f, (0.5f * t - 3) / 2f, (-t - 4) / 2f}, r.state());
      assertEquals((base + t + 50) / 100f * 2 - 1, r.actions()[0][0], 1e-6);
    }
  }

  @Test
  void augmentationOffLeavesFramesAsStoredAndOnIsDeterministicPerSeed() {
    try (MixedBatchSource plain = MixedBatchSource.create(spec(1, 0, true, false), vla, 1, 2, Optional.empty());
        MixedBatchSource augmented = MixedBatchSource.create(spec(1, 0, true, true), vla, 1, 2, Optional.empty())) {
      RobotEpisodes eps = RobotEpisodes.scan(List.of(episodes), true);
      RobotSamples off = new RobotSamples(eps, eps.computeStats(), vla.prompts(), vla.imageProcessor(),
          new RobotSamples.Options(8, RobotLabels.REASONING_THEN_ACTION_CUE, Optional.empty(), ImageSizing.nativeResolution()));
      RobotSamples on = new RobotSamples(eps, eps.computeStats(), vla.prompts(), vla.imageProcessor(),
          new RobotSamples.Options(8, RobotLabels.REASONING_THEN_ACTION_CUE, Optional.of(ImageAugmentation.chatVla()),
              ImageSizing.nativeResolution()));
      // Frame 6 = episode 2, step 1; its front frame is stored 36x48 and must come back byte for byte.
      var stored = org.chatvla4j.data.EpisodeFile.read(episodes.resolve("run2/ep.hdf5")).cameras().get("front").get(1);
      int front = camerasOf(10).indexOf("front");
      var offImages = off.cameraImages(6, new SplittableRandom(1));
      assertArrayEquals(stored.rgb(), offImages.get(front).rgb());
      var a = on.cameraImages(6, new SplittableRandom(1));
      var b = on.cameraImages(6, new SplittableRandom(1));
      var c = on.cameraImages(6, new SplittableRandom(2));
      assertArrayEquals(a.get(0).rgb(), b.get(0).rgb());
      assertArrayEquals(a.get(1).rgb(), b.get(1).rgb());
      assertFalse(Arrays.equals(a.get(front).rgb(), stored.rgb()));
      assertFalse(Arrays.equals(a.get(front).rgb(), c.get(front).rgb()));
      off.close();
      on.close();
      // Through the sources: same seed, same position -> same pixels; augmentation changes them.
      float[] p1 = plain.samples(0).getFirst().images().pixelValues();
      float[] a1 = augmented.samples(0).getFirst().images().pixelValues();
      assertArrayEquals(a1, augmented.samples(0).getFirst().images().pixelValues());
      assertFalse(Arrays.equals(p1, a1));
    }
  }

  @Test
  void badInputStopsBeforeTrainingNamingFileAndField() throws Exception {
    Path bad = dir.resolve("bad.json");
    VqaJson.write(List.of(VqaSample.singleTurn("x", "missing.png", "Q?", "A.")), bad);
    VqaFormatException e = assertThrows(VqaFormatException.class, () -> MixedBatchSource.create(
        new DataSpec(List.of(episodes), List.of(bad), 3, 1, true, false), vla, 2, 1, Optional.empty()));
    assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("image") && e.getMessage().contains("missing.png"),
        e.getMessage());
    DatasetStats wrongWidth = new DatasetStats(new float[3], new float[] {1, 1, 1}, new float[] {0, 0}, new float[] {1, 1});
    IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
        () -> MixedBatchSource.create(spec(1, 0, true, false), vla, 2, 1, Optional.of(wrongWidth)));
    assertTrue(w.getMessage().contains("state 3"), w.getMessage());
  }
}
