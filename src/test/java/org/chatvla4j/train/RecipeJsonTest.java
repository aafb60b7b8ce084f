package org.chatvla4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecipeJsonTest {
  private static final String GOOD = """
      {"name": "r", "model": {"init": "preset:tiny"},
       "stages": [{"name": "s", "data": {"episodes": ["episodes"], "robot_parts": 1, "vqa_parts": 0},
                   "steps": 10, "batch_size": 2, "lr_schedule": {"type": "constant", "lr": 0.001}}]}
      """;

  private static String error(String json) {
    return assertThrows(RecipeException.class, () -> RecipeJson.parse(json, "bad.json")).getMessage();
  }

  @Test
  void defaultsAreTheChatVlaScripts() {
    Recipe r = RecipeJson.parse(GOOD, "good.json");
    StageSpec s = r.stages().get(0);
    assertEquals(AdamWSpec.chatVla(), s.optimizer());
    assertEquals(1.0, s.gradClip());
    assertEquals(LossWeights.equal(), s.lossWeights());
    assertEquals(ExpertInit.KEEP, s.expertInit());
    assertEquals(List.of(), s.frozen());
    assertTrue(s.data().reasoning());
    assertEquals(0, r.seed());
    assertEquals(1, s.actionNoiseDraws());
  }

  @Test
  void actionNoiseDrawsRoundTripAndAreOmittedAtTheReferenceValue() {
    Recipe r = RecipeJson.parse(GOOD.replace("\"steps\": 10", "\"action_noise_draws\": 8, \"steps\": 10"), "good.json");
    assertEquals(8, r.stages().get(0).actionNoiseDraws());
    assertEquals(8, r.stages().get(0).withSteps(5).actionNoiseDraws());
    assertEquals(r, RecipeJson.parse(RecipeJson.write(r), "round trip"));
    assertTrue(RecipeJson.write(r).contains("\"action_noise_draws\" : 8"), RecipeJson.write(r));
    assertTrue(!RecipeJson.write(RecipeJson.parse(GOOD, "good.json")).contains("action_noise_draws"));
    assertEquals("bad.json: stages[0].action_noise_draws must be in 1 … 64 (1 = the reference), got 0",
        error(GOOD.replace("\"steps\": 10", "\"action_noise_draws\": 0, \"steps\": 10")));
  }

  @Test
  void readoutWeightRoundTripsAndIsOmittedAtZero() {
    String withReadout = GOOD.replace("\"steps\": 10", "\"loss_weights\": {\"token\": 1, \"action\": 1, \"readout\": 0.5}, \"steps\": 10");
    Recipe r = RecipeJson.parse(withReadout, "good.json");
    assertEquals(new LossWeights(1, 1, 0.5), r.stages().get(0).lossWeights());
    assertEquals(r, RecipeJson.parse(RecipeJson.write(r), "round trip"));
    assertTrue(!RecipeJson.write(RecipeJson.parse(GOOD, "good.json")).contains("readout"));
    assertEquals("bad.json: stages[0].loss_weights.readout must be a finite number >= 0, got -1.0",
        error(withReadout.replace("0.5", "-1")));
  }

  @Test
  void errorsNameTheFileAndTheField() {
    assertEquals("bad.json: stages[0].lr_schedule.lr must be a finite number > 0, got -1.0",
        error(GOOD.replace("\"lr\": 0.001", "\"lr\": -1")));
    assertEquals("bad.json: stages[0].steps must be > 0, got 0", error(GOOD.replace("\"steps\": 10", "\"steps\": 0")));
    assertEquals("bad.json: stages[0].batch_size must be an integer, got \"2\"",
        error(GOOD.replace("\"batch_size\": 2", "\"batch_size\": \"2\"")));
    assertEquals("bad.json: stages[0].stepz is not a known key; known here: name, data, frozen, expert_init, steps, batch_size, "
        + "lr_schedule, optimizer, grad_clip, loss_weights, eval_every, checkpoint_every, action_noise_draws",
        error(GOOD.replace("\"steps\": 10", "\"stepz\": 10")));
    assertEquals("bad.json: stages[0].data.robot_parts is 1 but episodes is empty; name an episode directory",
        error(GOOD.replace("\"episodes\": [\"episodes\"], ", "")));
    assertEquals("bad.json: stages[0].lr_schedule.type must be \"constant\" or \"warmup-cosine\", got \"linear\"",
        error(GOOD.replace("\"constant\"", "\"linear\"")));
    assertEquals("bad.json: model.init must be preset:NAME, checkpoint:DIR or init-moe:DIR, got 'tiny'",
        error(GOOD.replace("preset:tiny", "tiny")));
    assertTrue(error(GOOD.replace("\"steps\": 10", "\"frozen\": [\"(\"], \"steps\": 10"))
        .startsWith("bad.json: stages[0].frozen[0] '(' is not a valid regex"));
    assertEquals("bad.json: stages[0].data is missing",
        error(GOOD.replace("\"data\": {\"episodes\": [\"episodes\"], \"robot_parts\": 1, \"vqa_parts\": 0},", "")));
    assertTrue(error("{\"name\": \"r\"").startsWith("bad.json: not valid JSON"));
    assertEquals("bad.json: stages is missing", error("{\"name\": \"r\", \"model\": {\"init\": \"preset:tiny\"}}"));
  }

  @Test
  void everyBuiltInParsesAndRoundTrips() {
    assertEquals(6, Recipes.BUILT_IN.size());
    for (String name : Recipes.BUILT_IN) {
      Recipe r = Recipes.builtIn(name);
      assertEquals(name, r.name());
      assertEquals(r, RecipeJson.parse(RecipeJson.write(r), "round trip"), name);
    }
    Recipe chat = Recipes.builtIn("tabletop-chatvla");
    assertEquals(List.of("vlm", "control", "cotrain"), chat.stages().stream().map(StageSpec::name).toList());
    assertEquals(List.of("static_expert\\.experts\\.0\\."), chat.stages().get(1).frozen());
    assertEquals(3, chat.stages().get(2).data().robotParts());
    assertEquals(1, chat.stages().get(2).data().vqaParts());
    assertEquals(5000, chat.totalSteps());
    assertEquals(500, chat.scaled(0.1).totalSteps());
    assertEquals(15, chat.withStepsPerStage(5).totalSteps());
    assertEquals(1, Recipes.builtIn("tabletop-phased-dense").model().experts().getAsInt());
    Recipe paper = Recipes.builtIn("chatvla-2b");
    assertEquals(128, paper.stages().get(0).batchSize());
    assertEquals(2e-5, paper.stages().get(1).lrAt(0), 0);
    assertEquals(List.of(8000, 10000), paper.stages().stream().map(StageSpec::steps).toList());
    assertEquals(6, Recipes.listing().size());
  }
}
