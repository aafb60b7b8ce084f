package org.chatvla4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.chatvla4j.config.Presets;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.GenerationConfig;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.text.Tokenizer;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalConfig;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.SceneRenderer;
import org.chatvla4j.world.vqa.AnswerNormalizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2-episode eval of a tiny random model: same model + seeds → same numbers, and a well-formed report. */
class EvalDeterminismTest {
  static final DatasetStats STATS = new DatasetStats(new float[] {0.4f, 0.0f, 0.4f, 0.0f}, new float[] {0.1f, 0.2f, 0.1f, 0.2f},
      new float[] {-0.03f, -0.03f}, new float[] {0.03f, 0.03f});
  static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir static Path tmp;
  static Path model;

  @BeforeAll
  static void saveTinyModel() throws IOException {
    model = tmp.resolve("tiny");
    ChatVla.create(Presets.tiny(), Tokenizer.tiny(), DType.F32, 7).save(model);
    STATS.write(model.resolve("dataset_stats.json"));
  }

  static EvalSettings tinySettings(long seed) {
    return new EvalSettings(new EvalConfig(List.of(TaskFamily.BLOCK2BLOCK, TaskFamily.SEPARATE), 2, 6, BlockSet.BLOCK_4, seed),
        3, 2, new ImageSize(45, 80), 3, 4, 4, 1, org.chatvla4j.world.vqa.QuestionFamily.standard());
  }

  @Test
  void sameModelAndSeedsGiveTheSameNumbersAndAWellFormedReport() throws IOException {
    EvalSettings settings = tinySettings(5);
    EvalResult a = new Evaluation(settings).progress(false).run(EvalCheckpoint.open(model, QUIET));
    EvalResult b = new Evaluation(settings).progress(false).run(EvalCheckpoint.open(model, QUIET));
    ObjectMapper json = new ObjectMapper();
    JsonNode ja = strip(ReportJson.of(a));
    JsonNode jb = strip(ReportJson.of(b));
    assertEquals(ja, jb, "two runs of the same model and seeds differ");
    assertEquals(6, a.vqa().answers().size(), "3 scenes x 2 questions");
    for (int i = 0; i < a.vqa().answers().size(); i++) {
      assertEquals(a.vqa().answers().get(i).predicted(), b.vqa().answers().get(i).predicted());
    }

    Path out = tmp.resolve("report");
    ReportFiles.write(a, out);
    JsonNode r = json.readTree(out.resolve(ReportFiles.JSON).toFile());
    assertEquals(ReportJson.SCHEMA_VERSION, r.get("schema_version").asInt());
    for (String system : List.of("model", "zero_action", "random")) {
      JsonNode s = r.at("/success/" + system);
      assertEquals(2, s.get("families").size(), system);
      double sum = 0;
      for (String fam : List.of("block2block", "separate")) {
        JsonNode f = s.at("/families/" + fam);
        assertEquals(2, f.get("episodes").asInt(), system + " " + fam);
        int succ = f.get("successes").asInt();
        assertTrue(succ >= 0 && succ <= 2);
        assertEquals(succ / 2.0, f.get("rate").asDouble(), 1e-12);
        sum += f.get("rate").asDouble();
      }
      assertEquals(sum / 2, s.get("mean").asDouble(), 1e-12, system + " mean is the mean over families");
    }
    for (String where : List.of("oracle_agreement", "own_states_agreement")) {
      JsonNode agree = r.get(where);
      assertTrue(agree.get("frames").asInt() > 0, where);
      assertTrue(Math.abs(agree.get("first_action_cosine").asDouble()) <= 1 + 1e-12, where);
      assertTrue(agree.get("zero_action_l2_error_m").asDouble() > 0, where + ": the oracle moves");
      for (String share : List.of("reasoning_exact", "step_match", "heading_match", "heading_named")) {
        double v = agree.get(share).asDouble();
        assertTrue(v >= 0 && v <= 1, where + " " + share + " " + v);
      }
    }
    // One score per model query: an unsolved episode of 6 steps at 3 actions per query asks twice.
    if (a.success().model().families().stream().allMatch(f -> f.successes() == 0)) {
      assertEquals(4 * 2, r.at("/own_states_agreement/frames").asInt());
    }
    JsonNode vqa = r.get("vqa");
    int total = 0;
    int correct = 0;
    double majorityCorrect = 0;
    double otherSceneCorrect = 0;
    for (JsonNode f : vqa.get("families")) {
      otherSceneCorrect += f.get("other_scene_accuracy").asDouble() * f.get("total").asInt();
      total += f.get("total").asInt();
      correct += f.get("correct").asInt();
      majorityCorrect += f.get("majority_accuracy").asDouble() * f.get("total").asInt();
      assertEquals(f.get("correct").asDouble() / f.get("total").asInt(), f.get("accuracy").asDouble(), 1e-12);
      assertTrue(f.get("majority_accuracy").asDouble() > 0, "the majority answer matches at least its own question");
    }
    assertEquals(6, total);
    assertEquals(6, vqa.get("questions").asInt());
    assertEquals(correct / 6.0, vqa.get("overall").asDouble(), 1e-12);
    assertEquals(majorityCorrect / 6.0, vqa.get("majority_overall").asDouble(), 1e-12, "majority answers weighted by family size");
    assertEquals(otherSceneCorrect / 6.0, vqa.get("other_scene_overall").asDouble(), 1e-12, "another scene's image, per question");
    assertTrue(vqa.at("/transcripts/0/turns/1/assistant_other_scene").isTextual());

    // The verdict's paired tests: won − lost is the difference of the two sides' right answers, whatever the pairing.
    JsonNode verdict = r.get("verdict");
    assertEquals(PairedSignTest.ALPHA, verdict.get("alpha").asDouble(), 0);
    int modelSuccesses = EvalResult.successes(a.success().model());
    int[] baselineSuccesses = {EvalResult.successes(a.success().zero()), EvalResult.successes(a.success().random())};
    JsonNode successTests = verdict.at("/success/against");
    assertEquals(2, successTests.size());
    for (int i = 0; i < 2; i++) {
      JsonNode t = successTests.get(i);
      assertEquals(4, t.get("items").asInt(), "2 families x 2 episodes");
      assertEquals(modelSuccesses - baselineSuccesses[i], t.get("model_only").asInt() - t.get("baseline_only").asInt(), t.toString());
      assertEquals(t.get("p_value").asDouble() < PairedSignTest.ALPHA, t.get("significant").asBoolean());
    }
    for (String fam : List.of("block2block", "separate")) {
      JsonNode t = verdict.at("/success/random_per_family/" + fam);
      assertEquals(2, t.get("items").asInt(), fam);
      assertEquals(r.at("/success/model/families/" + fam + "/successes").asInt() - r.at("/success/random/families/" + fam
          + "/successes").asInt(), t.get("model_only").asInt() - t.get("baseline_only").asInt(), fam);
    }
    JsonNode vqaTests = verdict.at("/vqa/against");
    assertEquals("majority answer", vqaTests.get(0).get("baseline").asText());
    assertEquals(Math.round(6 * (vqa.get("overall").asDouble() - vqa.get("majority_overall").asDouble())),
        vqaTests.get(0).get("model_only").asInt() - vqaTests.get(0).get("baseline_only").asInt());
    assertEquals(Math.round(6 * (vqa.get("overall").asDouble() - vqa.get("other_scene_overall").asDouble())),
        vqaTests.get(1).get("model_only").asInt() - vqaTests.get(1).get("baseline_only").asInt());
    assertEquals(a.beatsSuccessBaselines(), verdict.at("/success/beats_every_baseline").asBoolean());
    assertEquals(a.beatsVqaBaselines(), verdict.at("/vqa/beats_every_baseline").asBoolean());
    for (String system : List.of("model", "zero_action", "random")) {
      JsonNode ci = r.at("/success/" + system + "/interval_95");
      double rate = r.at("/success/" + system + "/mean").asDouble();
      assertTrue(ci.get(0).asDouble() <= rate && rate <= ci.get(1).asDouble(), system + " " + ci);
    }
    assertTrue(Files.readString(out.resolve(ReportFiles.MARKDOWN)).contains("## Does it beat its baselines?"));
    assertEquals(1, vqa.get("transcripts").size());
    assertEquals(1 + 2, vqa.at("/transcripts/0/turns").size(), "caption + 2 questions");
    assertTrue(Files.size(out.resolve(vqa.at("/transcripts/0/image").asText())) > 0);
    assertEquals(2, r.get("robot_transcripts").size(), "first episode of each family");
    assertEquals("45x80", r.at("/settings/image_size").asText());
    assertEquals(settings.vqaSeed(), r.at("/settings/vqa_scene_seed").asLong());
    for (String f : List.of(ReportFiles.MARKDOWN, ReportFiles.SUCCESS_CHART, ReportFiles.VQA_CHART)) {
      assertTrue(Files.size(out.resolve(f)) > 100, f);
    }
    byte[] png = Files.readAllBytes(out.resolve(ReportFiles.SUCCESS_CHART));
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    assertTrue(Files.readString(out.resolve(ReportFiles.MARKDOWN)).contains("| block2block |"));
  }

  /** The report without its wall-clock timings, which differ between runs. */
  static JsonNode strip(com.fasterxml.jackson.databind.node.ObjectNode report) {
    report.remove("seconds");
    return report;
  }

  @Test
  void theZeroPolicyNeverMovesTheEffector() {
    // Zero and random baselines do not depend on the model: a different rollout seed changes the layouts, the same does not.
    EvalSettings s = tinySettings(5);
    var zero1 = new org.chatvla4j.world.eval.RolloutRunner(s.rollouts()).progress(false).run(env -> new ZeroActionPolicy());
    var zero2 = new org.chatvla4j.world.eval.RolloutRunner(s.rollouts()).progress(false).run(env -> new ZeroActionPolicy());
    assertEquals(zero1.table(), zero2.table());
  }

  @Test
  void heldOutScenesAreDisjointFromRolloutLayoutsAndSeeded() {
    EvalSettings s = tinySettings(0);
    assertEquals(VqaEval.heldOutScenes(s), VqaEval.heldOutScenes(s));
    assertTrue(s.vqaSeed() != s.rollouts().seed());
    assertTrue(!VqaEval.heldOutScenes(s).equals(VqaEval.heldOutScenes(tinySettings(1))));
  }

  @Test
  void otherSceneAnswersAreTheModelsAnswersToTheNextScenesImage() throws IOException {
    EvalSettings settings = tinySettings(5);
    ChatVla vla = EvalCheckpoint.open(model, QUIET).model();
    VqaEval.Result r = new VqaEval(settings).progress(false).run(vla);
    List<SceneState> scenes = VqaEval.heldOutScenes(settings);
    var renderer = SceneRenderer.languageTable(settings.imageSize());
    var greedy = GenerationConfig.greedy(settings.answerTokens(), Set.of());
    for (VqaEval.Answer a : r.answers()) {
      var next = RgbImage.of(renderer.render(scenes.get((a.scene() + 1) % scenes.size())).toBufferedImage());
      assertEquals(vla.generateText(a.question(), List.of(next), greedy, new SplittableRandom(0)), a.otherScenePredicted(),
          "scene " + a.scene() + ": " + a.question());
      assertEquals(AnswerNormalizer.matches(a.otherScenePredicted(), a.gold()), a.otherSceneCorrect());
    }
    // One scene: the "other" image is its own, so the baseline is the model, answer for answer.
    VqaEval.Result single = new VqaEval(settings.withVqa(1, 2, 0)).progress(false).run(vla);
    assertEquals(2, single.answers().size());
    single.answers().forEach(a -> assertEquals(a.predicted(), a.otherScenePredicted()));
    assertEquals(single.overallAccuracy(), single.overallOtherSceneAccuracy(), 0.0);
  }

  @Test
  void majorityBaselineTakesTheMostFrequentGoldAnswerPerFamily() {
    var q = org.chatvla4j.world.vqa.QuestionFamily.EXIST;
    var c = org.chatvla4j.world.vqa.QuestionFamily.COUNT;
    List<VqaEval.Answer> answers = List.of(
        new VqaEval.Answer(0, q, "?", "yes", "yes", true, "yes", true), new VqaEval.Answer(0, q, "?", "no", "yes", false, "no", true),
        new VqaEval.Answer(1, q, "?", "yes", "no", false, "yes", true), new VqaEval.Answer(1, c, "?", "3", "2", false, "2", false),
        new VqaEval.Answer(2, c, "?", "2", "2", true, "3", false));
    List<VqaEval.FamilyScore> scores = VqaEval.familyScores(answers);
    VqaEval.FamilyScore exist = scores.stream().filter(f -> f.family() == q).findFirst().orElseThrow();
    assertEquals("yes", exist.majorityAnswer());
    assertEquals(2.0 / 3, exist.majorityAccuracy(), 1e-12);
    assertEquals(1.0 / 3, exist.accuracy(), 1e-12);
    assertEquals(1.0, exist.otherSceneAccuracy(), 1e-12, "shown another scene's image, all three exist answers match");
    VqaEval.FamilyScore count = scores.stream().filter(f -> f.family() == c).findFirst().orElseThrow();
    assertEquals("2", count.majorityAnswer(), "ties go to the alphabetically first answer");
    assertEquals(0.5, count.majorityAccuracy(), 1e-12);
    assertEquals(0.0, count.otherSceneAccuracy(), 1e-12);
    assertEquals(3.0 / 5, new VqaEval.Result(scores, answers, List.of()).overallOtherSceneAccuracy(), 1e-12);
  }

  @Test
  void badCheckpointsFailBeforeLoading() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvalCheckpoint.check(empty));
    assertTrue(e.getMessage().contains("config.json is missing"), e.getMessage());
    Path wrong = tmp.resolve("wrong-dims");
    ChatVla.create(Presets.tiny().withActionHead(Presets.tiny().actionHead().orElseThrow().withDims(3, 4)), Tokenizer.tiny(),
        DType.F32, 1).save(wrong);
    e = assertThrows(IllegalArgumentException.class, () -> EvalCheckpoint.check(wrong));
    assertTrue(e.getMessage().contains("action_dim 3") && e.getMessage().contains("needs action_dim 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EvalCheckpoint.check(tmp.resolve("does-not-exist")));
  }
}
