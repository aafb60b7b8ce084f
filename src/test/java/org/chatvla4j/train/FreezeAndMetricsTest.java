package org.chatvla4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One ChatVLA stage-1 run (expert 0 frozen, 5 steps, a checkpoint every 2 and at the end): what it changes and what
 * it writes. Several steps with robot rows because the action head starts adaLN-Zero (final layer and modulations
 * zero), so its inner weights (timestep embedder) get their first nonzero gradient only at the third robot step.
 */
class FreezeAndMetricsTest {
  @TempDir Path tmp;

  @Test
  void frozenExpertIsBitwiseUnchangedTheRestChangesAndEveryOutputIsWellFormed() throws Exception {
    try (Scope s = Scope.open()) {
      Recipe recipe = RecipeJson.parse("""
          {"name": "freeze", "model": {"init": "preset:tiny"}, "seed": 11, "stages": [
            {"name": "control", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 1, "vqa_parts": 1},
             "frozen": ["static_expert\\\\.experts\\\\.0\\\\."], "steps": 5, "batch_size": 4,
             "lr_schedule": {"type": "warmup-cosine", "peak_lr": 0.002, "warmup_ratio": 0.0, "min_lr": 0.0002},
             "loss_weights": {"token": 0.5, "action": 2.0, "readout": 0.25}, "checkpoint_every": 2}]}
          """, "freeze recipe");
      Path run = tmp.resolve("run");
      Map<String, float[]> before = TrainerFixtures.snapshot(InitialModel.create(recipe.model(), recipe.seed()));
      TrainingResult r = new Trainer(TrainerFixtures.setup(recipe, TrainerFixtures.dataRoot(tmp.resolve("data")), run,
          TrainingProgress.silent())).start();
      Map<String, float[]> after = TrainerFixtures.snapshot(r.model());

      Pattern frozen = Pattern.compile("static_expert\\.experts\\.0\\.");
      int frozenCount = 0;
      for (Map.Entry<String, float[]> e : before.entrySet()) {
        if (frozen.matcher(e.getKey()).find()) {
          frozenCount++;
          assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " is frozen");
        } else {
          assertFalse(Arrays.equals(e.getValue(), after.get(e.getKey())), e.getKey() + " is trainable and must change");
        }
      }
      assertEquals(2 * 3, frozenCount, "2 layers x gate/up/down of expert 0");

      // metrics.jsonl: one well-formed line per step, the loss is the weighted sum, the lr the schedule's.
      ObjectMapper json = new ObjectMapper();
      List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
      int robotRows = 0;
      assertEquals(5, lines.size());
      for (int i = 0; i < 5; i++) {
        JsonNode n = json.readTree(lines.get(i));
        assertEquals(Set.of("kind", "stage", "stage_name", "step", "global_step", "loss", "token_loss", "action_loss",
            "readout_loss", "lr", "grad_norm", "samples_per_s", "robot_samples", "supervised_tokens"), Set.copyOf(iterable(n)));
        assertEquals("train", n.get("kind").asText());
        assertEquals("control", n.get("stage_name").asText());
        assertEquals(i + 1, n.get("step").asInt());
        assertEquals(i + 1, n.get("global_step").asLong());
        assertEquals(recipe.stages().get(0).lrAt(i), n.get("lr").asDouble(), 0);
        assertEquals(0.5 * n.get("token_loss").asDouble() + 2.0 * n.get("action_loss").asDouble()
            + 0.25 * n.get("readout_loss").asDouble(), n.get("loss").asDouble(), 1e-5);
        assertEquals(n.get("robot_samples").asInt() > 0, n.get("readout_loss").asDouble() > 0, "readout measured on robot rows only");
        assertTrue(n.get("grad_norm").asDouble() > 0 && n.get("samples_per_s").asDouble() > 0);
        robotRows += n.get("robot_samples").asInt();
      }
      assertTrue(robotRows > 0 && robotRows < 5 * 4, "the batches mix robot and VQA rows: " + robotRows + " robot rows of 20");
      assertEquals(0.002, json.readTree(lines.get(0)).get("lr").asDouble(), 0);

      // Checkpoints: one per step, HF layout plus training state, loadable as a model.
      CheckpointStore store = new CheckpointStore(run);
      assertEquals(List.of(store.pathOf(2), store.pathOf(4), store.pathOf(5)), store.list());
      Path last = store.pathOf(5);
      for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "dataset_stats.json", "optimizer.pt",
          "trainer_state.json", "recipe.json", "metrics.jsonl")) {
        assertTrue(Files.size(last.resolve(f)) > 0, f);
      }
      assertEquals(5, Files.readAllLines(last.resolve("metrics.jsonl")).size());
      Map<String, float[]> loaded = TrainerFixtures.snapshot(ChatVla.load(last, DType.F32));
      after.forEach((k, v) -> assertArrayEquals(v, loaded.get(k), k));
      assertEquals(new TrainingState(0, 5, 5, r.state().rngState(), 5), TrainingState.read(last.resolve("trainer_state.json")));
      assertEquals(RecipeJson.write(recipe), Files.readString(run.resolve("recipe.json")));
      for (String png : List.of("loss.png", "lr.png")) {
        byte[] head = Arrays.copyOf(Files.readAllBytes(run.resolve("plots").resolve(png)), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, png);
      }
    }
  }

  @Test
  void aLogWrittenBeforeTheReadoutColumnRestoresWithReadoutZero() throws Exception {
    Path saved = tmp.resolve("old.jsonl");
    Files.writeString(saved, """
        {"kind":"train","stage":0,"stage_name":"control","step":1,"global_step":1,"loss":1.5,"token_loss":1.0,"action_loss":0.5,\
        "lr":0.001,"grad_norm":2.0,"samples_per_s":10.0,"robot_samples":3,"supervised_tokens":40}
        """);
    StepMetrics m = MetricsLog.restore(tmp.resolve("metrics.jsonl"), saved).steps().getFirst();
    assertEquals(new StepMetrics(0, "control", 1, 1, 1.5, 1.0, 0.5, 0.0, 0.001, 2.0, 10.0, 3, 40), m);
  }

  private static List<String> iterable(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
