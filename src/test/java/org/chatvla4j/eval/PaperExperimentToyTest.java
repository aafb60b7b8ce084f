package org.chatvla4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chatvla4j.train.TrainingProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2-setting experiment at the toy budget (2 steps per stage, 5 episodes of data) produces a well-formed table. */
class PaperExperimentToyTest {
  @TempDir Path tmp;

  @Test
  void twoSettingsAtTheToyBudgetGiveAWellFormedTableAndAreReusedOnASecondRun() throws Exception {
    ExperimentBudget toy = ExperimentBudget.named("toy");
    List<PaperSetting> two = List.of(PaperSetting.VLM_ONLY, PaperSetting.CHATVLA);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    List<PaperExperiment.Row> rows = new PaperExperiment(toy, two, tmp, "test").progress(false).run(quiet, TrainingProgress.silent());
    assertEquals(2, rows.size());
    assertEquals(2, rows.get(0).recipe().totalSteps(), "VLM only keeps stage 0: 2 steps");
    assertEquals(6, rows.get(1).recipe().totalSteps(), "ChatVLA: 3 stages x 2 steps");
    assertTrue(rows.get(1).forgetting().size() >= 2, "stage-1 VQA checks plus stage ends: " + rows.get(1).forgetting());
    assertTrue(rows.get(0).forgetting().isEmpty());

    JsonNode j = new ObjectMapper().readTree(tmp.resolve(ExperimentReport.JSON).toFile());
    assertEquals("toy", j.get("budget").asText());
    assertEquals(2, j.get("settings").size());
    for (int i = 0; i < 2; i++) {
      JsonNode s = j.get("settings").get(i);
      assertEquals(two.get(i).id(), s.get("id").asText());
      double succ = s.at("/success/block2block").asDouble();
      assertEquals(succ, s.get("mean_success").asDouble(), 1e-12, "one family: the mean is that family");
      double sum = 0;
      int n = 0;
      for (JsonNode v : s.get("vqa")) {
        assertTrue(v.asDouble() >= 0 && v.asDouble() <= 1);
        sum += v.asDouble();
        n++;
      }
      assertTrue(n > 0);
      assertEquals(sum / n, s.get("mean_vqa").asDouble(), 1e-12);
      EvalResult e = rows.get(i).eval();
      assertEquals(e.beatsSuccessBaselines(), s.get("beats_success_baselines").asBoolean());
      assertEquals(e.beatsVqaBaselines(), s.get("beats_vqa_baselines").asBoolean());
      double p = s.get("vqa_vs_other_scene_p").asDouble();
      assertTrue(p > 0 && p <= 1, "a p-value: " + p);
    }
    String md = Files.readString(tmp.resolve(ExperimentReport.MARKDOWN));
    assertTrue(md.contains("| VLM only (after stage 0) | 2 |") && md.contains("| ChatVLA (phased + MoE) | 6 |"), md);
    for (String f : List.of(ExperimentReport.CHART, ExperimentReport.FORGETTING)) {
      assertTrue(Files.size(tmp.resolve(f)) > 100, f);
    }
    assertTrue(Files.isRegularFile(tmp.resolve("eval/chatvla/report.json")));

    // A second run reuses the data and both finished runs, and gives the same table.
    List<PaperExperiment.Row> again = new PaperExperiment(toy, two, tmp, "test").progress(false).run(quiet, TrainingProgress.silent());
    assertTrue(again.stream().allMatch(PaperExperiment.Row::reused));
    assertEquals(rows.get(1).forgetting(), again.get(1).forgetting());
    assertEquals(rows.get(1).eval().meanVqa(), again.get(1).eval().meanVqa(), 0.0);
    assertEquals(rows.get(1).eval().meanSuccess(), again.get(1).eval().meanSuccess(), 0.0);
  }

  @Test
  void unknownBudgetsAndSettingsAreRefusedWithTheValidNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentBudget.named("huge"));
    assertTrue(e.getMessage().contains("[toy, quick, full]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PaperSetting.byId("moe-only"));
    assertTrue(e.getMessage().contains("chatvla"), e.getMessage());
    assertFalse(PaperSetting.ALL.isEmpty());
  }
}
