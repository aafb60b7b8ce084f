package org.chatvla4j.world.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.chatvla4j.data.DatasetDirectory;
import org.chatvla4j.data.DatasetManifest;
import org.chatvla4j.data.DatasetOutputException;
import org.chatvla4j.data.EpisodeFile;
import org.chatvla4j.data.ExistingOutput;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.data.VqaJson;
import org.chatvla4j.data.VqaSample;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.StepResult;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.Workspace;
import org.chatvla4j.world.oracle.PushOracle;
import org.chatvla4j.world.oracle.SubstepReasoning;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.RgbFrame;
import org.chatvla4j.world.render.SceneRenderer;
import org.chatvla4j.world.vqa.EvalMode;
import org.chatvla4j.world.vqa.ProgramExecutor;
import org.chatvla4j.world.vqa.Question;
import org.chatvla4j.world.vqa.QuestionGenerator;
import org.chatvla4j.world.vqa.SceneFacts;
import org.chatvla4j.world.vqa.VqaConfig;
import org.chatvla4j.world.vqa.VqaScorer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One small generation run (3 episodes of three families at 90×160, 2 threads), checked against the data package's
 * readers, h5ls, a replay of the oracle, and a re-derivation of every question's answer from the recorded scenes.
 */
class DatasetGeneratorTest {
  static final GenerateConfig CONFIG =
      GenerateConfig.defaults(3)
          .withFamilies(List.of(TaskFamily.BLOCK2BLOCK, TaskFamily.SEPARATE, TaskFamily.BLOCK2ABSOLUTELOCATION))
          .withImageSize(new ImageSize(90, 160))
          .withQuestionsPerScene(4)
          .withSeed(11)
          .withThreads(2);

  @TempDir static Path tmp;
  static Path dir;
  static DatasetGenerator.Report report;

  @BeforeAll
  static void generate() {
    dir = tmp.resolve("ds");
    report = new DatasetGenerator(CONFIG, "chatvla4j test").progress(false).generate(dir, ExistingOutput.REFUSE_NON_EMPTY);
  }

  @Test
  void episodesHaveTheDexVlaShapesAndConsistentStates() {
    List<Path> files = DatasetDirectory.episodeFiles(dir);
    assertEquals(3, files.size());
    assertEquals(List.of(), DatasetDirectory.verify(dir));
    DatasetManifest m = DatasetDirectory.readManifest(dir);
    assertEquals(3, m.counts().episodes());
    assertEquals(3 * (1 + CONFIG.laterScenes()), m.counts().images());
    long frames = 0;
    for (Path f : files) {
      try (EpisodeFile e = EpisodeFile.open(f)) {
        int t = e.length();
        frames += t;
        assertTrue(t > 1 && t <= CONFIG.maxSteps(), "steps " + t);
        assertEquals(List.of(EpisodeRecording.CAMERA), e.cameraNames());
        float[][] a = e.actions();
        float[][] q = e.qpos();
        float[][] v = e.qvel().orElseThrow();
        assertEquals(2, a[0].length);
        assertEquals(4, q[0].length);
        assertEquals(4, v[0].length);
        RgbImage frame = e.frame(EpisodeRecording.CAMERA, t - 1);
        assertEquals(90, frame.height());
        assertEquals(160, frame.width());
        assertTrue(e.simulated());
        assertArrayEquals(new float[4], v[0]);
        for (int i = 1; i < t; i++) {
          for (int k = 0; k < 4; k++) {
            assertEquals((q[i][k] - q[i - 1][k]) * Workspace.CONTROL_HZ, v[i][k], 1e-5, "qvel[" + i + "][" + k + "]");
          }
          // The recorded action is the target's effective move: target[t+1] = target[t] + action[t].
          assertEquals(q[i - 1][2] + a[i - 1][0], q[i][2], 1e-6);
          assertEquals(q[i - 1][3] + a[i - 1][1], q[i][3], 1e-6);
          assertTrue(Math.abs(a[i][0]) <= Workspace.MAX_ACTION + 1e-6 && Math.abs(a[i][1]) <= Workspace.MAX_ACTION + 1e-6);
        }
        assertEquals(t, e.substepReasonings().size());
      }
    }
    assertEquals(frames, m.counts().frames());
    assertEquals(Map.of("block2block", 1, "separate", 1, "block2absolutelocation", 1), m.episodeFamilies());
  }

  @Test
  void reasoningsScenesAndFramesMatchAReplayOfTheOracle() {
    List<WorldJson.ImageEntry> images = WorldJson.readImages(dir.resolve(WorldJson.FILE_NAME));
    Map<String, Map<Integer, SceneState>> captured = new HashMap<>();
    images.forEach(i -> captured.computeIfAbsent(i.episodeFile(), k -> new HashMap<>()).put(i.step(), i.scene()));
    SceneRenderer renderer = SceneRenderer.languageTable(CONFIG.imageSize());
    long pushes = 0;
    for (Path f : DatasetDirectory.episodeFiles(dir)) {
      try (EpisodeFile e = EpisodeFile.open(f)) {
        Map<String, String> attrs = e.attributes();
        int attempt = Integer.parseInt(attrs.get(OracleAttempt.ATTEMPT_ATTRIBUTE));
        TaskFamily family = TaskFamily.parse(attrs.get(OracleAttempt.FAMILY_ATTRIBUTE));
        assertEquals(CONFIG.familyOf(attempt), family);
        TabletopEnv env = new TabletopEnv(CONFIG.blockSet(), family, true, null, PushOracle::canPlan);
        Observation obs = env.reset(Long.parseLong(attrs.get(OracleAttempt.SEED_ATTRIBUTE)));
        assertEquals(obs.instruction(), e.instruction());
        PushOracle oracle = new PushOracle(env::task);
        List<String> expected = new ArrayList<>();
        Map<Integer, SceneState> scenes = captured.get(DatasetDirectory.EPISODES_DIR + "/" + f.getFileName());
        for (int t = 0; t < e.length(); t++) {
          if (scenes.containsKey(t)) {
            assertEquals(scenes.get(t), obs.scene(), "scene " + t + " of " + f.getFileName());
          }
          if (t == 0) {
            RgbFrame frame = renderer.render(obs.scene());
            assertArrayEquals(frame.toHwcBytes(), e.frame(EpisodeRecording.CAMERA, 0).rgb());
          }
          double[][] chunk = oracle.act(obs);
          assertEquals(1, chunk.length);
          expected.add(SubstepReasoning.sentence(oracle.phase(), env.task(), chunk[0]));
          StepResult r = env.step(chunk[0]);
          obs = r.observation();
          assertEquals(t == e.length() - 1, r.success(), "success only at the last step, t=" + t);
        }
        assertEquals(expected, e.substepReasonings());
        assertEquals(scenes.get(e.length()), obs.scene());
        pushes += expected.stream().filter(s -> s.startsWith("Push the ")).count();
      }
    }
  }

  @Test
  void vqaAnswersRescoreToAllCorrectAgainstTheRecordedScenes() {
    List<VqaSample> vqa = VqaJson.read(dir.resolve(DatasetDirectory.VQA_JSON));
    List<WorldJson.ImageEntry> images = WorldJson.readImages(dir.resolve(WorldJson.FILE_NAME));
    List<WorldJson.QuestionEntry> entries = WorldJson.readQuestions(dir.resolve(WorldJson.FILE_NAME));
    assertEquals(vqa.size(), entries.size());
    VqaConfig cfg = VqaConfig.defaults().withQuestionsPerScene(CONFIG.questionsPerScene());
    QuestionGenerator generator = new QuestionGenerator(cfg);
    SplittableRandom rng = new SplittableRandom(DatasetGenerator.questionSeed(CONFIG.seed()));
    VqaScorer scorer = new VqaScorer();
    int k = 0;
    for (WorldJson.ImageEntry image : images) {
      SceneFacts facts = new SceneFacts(image.scene(), cfg);
      for (Question q : generator.generate(image.scene(), rng)) {
        VqaSample s = vqa.get(k);
        assertEquals(List.of(image.image()), s.images());
        assertEquals(VqaSample.IMAGE_PLACEHOLDER + "\n" + q.text(), s.conversations().get(0).value());
        assertEquals(q.templateId(), entries.get(k).template());
        String answer = s.conversations().get(1).value();
        // The program run on the recorded scene, not the generator's stored answer, is what the json must agree with.
        assertEquals(ProgramExecutor.answer(q.program(), facts, EvalMode.NOMINAL).answer(), answer);
        scorer.add(q, answer);
        k++;
      }
    }
    assertEquals(vqa.size(), k);
    assertTrue(k >= images.size() * (CONFIG.questionsPerScene() - 1), "questions " + k);
    assertEquals(k, scorer.overall().total());
    assertEquals(1.0, scorer.overall().accuracy());
    DatasetManifest m = DatasetDirectory.readManifest(dir);
    assertEquals(k, m.counts().vqaSamples());
    assertEquals(k, m.questionFamilies().values().stream().mapToInt(Integer::intValue).sum());
    List<VqaSample> captions = VqaJson.read(dir.resolve(SceneQuestions.CAPTIONS_JSON));
    assertEquals(images.size(), captions.size());
    assertTrue(captions.stream().allMatch(c -> c.conversations().get(1).value().contains("eight blocks")), captions.toString());
  }

  @Test
  void h5lsListsTheDatasetsWithTheirTypes() throws Exception {
    assumeTrue(exitCode("h5ls", "--version") == 0, "h5ls not found (apt-get install hdf5-tools); skipping");
    Path f = DatasetDirectory.episodeFiles(dir).getFirst();
    int t;
    try (EpisodeFile e = EpisodeFile.open(f)) {
      t = e.length();
    }
    String out = run("h5ls", "-r", "-v", f.toString());
    assertDataset(out, "/action", "{" + t + "/" + t + ", 2/2}", "native float");
    assertDataset(out, "/observations/qpos", "{" + t + "/" + t + ", 4/4}", "native float");
    assertDataset(out, "/observations/qvel", "{" + t + "/" + t + ", 4/4}", "native float");
    assertDataset(out, "/observations/images/top", "{" + t + "/" + t + ", 90/90, 160/160, 3/3}", "native unsigned char");
    assertDataset(out, "/language_raw", "{1/1}", "null-terminated UTF-8 string");
    assertDataset(out, "/substep_reasonings", "{" + t + "/" + t + "}", "null-terminated UTF-8 string");
  }

  @Test
  void sameSeedGivesTheSameManifestWhateverTheThreads() {
    DatasetGenerator.Report again =
        new DatasetGenerator(CONFIG.withThreads(1), "chatvla4j test").progress(false)
            .generate(tmp.resolve("again"), ExistingOutput.REFUSE_NON_EMPTY);
    assertEquals(report.manifest().contentSha256(), again.manifest().contentSha256());
    assertEquals(report.manifest().files(), again.manifest().files());
    assertEquals(report.attempts(), again.attempts());
  }

  @Test
  void aNonEmptyOutputIsRefusedAndLeftAlone() throws IOException {
    Path other = tmp.resolve("occupied");
    Files.createDirectories(other);
    Files.writeString(other.resolve("notes.txt"), "keep me");
    DatasetOutputException e =
        assertThrows(DatasetOutputException.class,
            () -> new DatasetGenerator(CONFIG, "t").progress(false).generate(other, ExistingOutput.REFUSE_NON_EMPTY));
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
    assertEquals("keep me", Files.readString(other.resolve("notes.txt")));
    try (var s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("staging")), "no staging directory left");
    }
    // A directory that is a dataset is not replaced either unless asked.
    assertThrows(DatasetOutputException.class,
        () -> new DatasetGenerator(CONFIG, "t").progress(false).generate(dir, ExistingOutput.REFUSE_NON_EMPTY));
    assertEquals(List.of(), DatasetDirectory.verify(dir));
  }

  @Test
  void configRejectsBadCountsWithTheOptionName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GenerateConfig.defaults(0));
    assertTrue(e.getMessage().contains("--episodes") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CONFIG.withQuestionsPerScene(-1));
    assertTrue(e.getMessage().contains("--questions-per-scene"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CONFIG.withFamilies(List.of(TaskFamily.SEPARATE, TaskFamily.SEPARATE)));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
    assertNotEquals(CONFIG.familyOf(0), CONFIG.familyOf(1));
    assertEquals(CONFIG.familyOf(0), CONFIG.familyOf(3));
  }

  @Test
  void capturedStepsAreTheResetAndEvenlySpreadLaterScenes() {
    assertEquals(List.of(0, 30, 60), SceneQuestions.capturedSteps(60, 2));
    assertEquals(List.of(0, 20, 41, 61), SceneQuestions.capturedSteps(61, 3));
    assertEquals(List.of(0, 1), SceneQuestions.capturedSteps(1, 3));
    assertEquals(List.of(0), SceneQuestions.capturedSteps(50, 0));
  }

  private static void assertDataset(String h5ls, String path, String shape, String type) {
    List<String> lines = h5ls.lines().toList();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(path + " ")) {
        b.append(lines.get(i)).append('\n');
        for (int j = i + 1; j < lines.size() && lines.get(j).startsWith(" "); j++) {
          b.append(lines.get(j)).append('\n');
        }
        break;
      }
    }
    assertTrue(b.toString().contains("Dataset " + shape), "shape of " + path + ":\n" + h5ls);
    assertTrue(b.toString().contains("Type:") && b.toString().contains(type), "type of " + path + ":\n" + b);
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static int exitCode(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }
}
