package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chatvla4j.config.ChatVlaConfig;
import org.chatvla4j.config.Presets;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.train.InitialModel;
import org.chatvla4j.train.ModelSpec;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.world.dataset.GenerateConfig;
import org.junit.jupiter.api.Test;

/** The demo's recipe, preset and data settings are what its budget was measured with. */
class DemoSettingsTest {
  @Test
  void demoRecipeTrainsTheTabletopPresetThroughThreePhases() {
    Recipe r = DemoCommand.demoRecipe();
    assertEquals("tabletop-demo", r.name());
    assertEquals("preset:tabletop", r.model().init());
    assertEquals(3, r.stages().size());
    assertEquals(5000, r.totalSteps());
    // Co-training gives VQA as many parts as robot data: the shared layers must relearn what stage 1 moved.
    assertEquals(r.stages().get(2).data().robotParts(), r.stages().get(2).data().vqaParts());
    assertEquals(2500, r.scaled(0.5).totalSteps());
  }

  @Test
  void tabletopPresetBuildsWithTheTinyTokenizer() throws Exception {
    ChatVlaConfig c = Presets.byName("tabletop");
    assertEquals(128, c.text().hiddenSize());
    assertEquals(32, c.text().headDim());
    ChatVla m = InitialModel.create(ModelSpec.preset("tabletop"), 0);
    assertEquals(c, m.model().config());
    assertTrue(m.model().parameterCount() > 4 * Presets.tiny().text().hiddenSize() * Presets.tiny().text().vocabSize());
  }

  @Test
  void hfSizedPresetsStillNeedTheirOwnTokenizer() {
    var e = assertThrows(IllegalArgumentException.class, () -> InitialModel.create(ModelSpec.preset("qwen2-vl-2b"), 0));
    assertTrue(e.getMessage().contains("no built-in tokenizer"), e.getMessage());
  }

  @Test
  void demoDataAsksSixteenQuestionsOnSixScenesPerEpisode() {
    GenerateConfig g = org.chatvla4j.eval.PaperExperiment.tabletopData(200);
    assertEquals(200, g.episodes());
    assertEquals(16, g.questionsPerScene());
    assertEquals(5, g.laterScenes());
    assertEquals(org.chatvla4j.eval.PaperExperiment.FRAME, g.imageSize());
  }

  @Test
  void threadsFlagWinsAndMustBePositive() {
    assertEquals(java.util.Optional.of(3), DemoCommand.threadsForDemo(3));
    var e = assertThrows(IllegalArgumentException.class, () -> DemoCommand.threadsForDemo(0));
    assertTrue(e.getMessage().contains("--threads must be > 0, got 0"), e.getMessage());
  }
}
