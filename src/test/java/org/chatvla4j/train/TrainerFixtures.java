package org.chatvla4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.nn.Parameter;
import org.chatvla4j.tensor.Tensors;

/** Recipes, data directories and weight snapshots shared by the trainer tests (tiny preset, batch 2, few steps). */
final class TrainerFixtures {
  private TrainerFixtures() {}

  /**
   * Two stages like ChatVLA's: "control" (robot + VQA 1:1, expert 0 frozen, warmup-cosine, checkpoint every 2) and
   * "cotrain" (experts seeded from expert 0, all trainable, constant lr).
   */
  static Recipe twoStages(int controlSteps, int cotrainSteps) {
    return RecipeJson.parse("""
        {"name": "test-two-stages", "model": {"init": "preset:tiny"}, "seed": 3,
         "stages": [
          {"name": "control", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 1, "vqa_parts": 1},
           "frozen": ["static_expert\\\\.experts\\\\.0\\\\."], "steps": %d, "batch_size": 2,
           "lr_schedule": {"type": "warmup-cosine", "peak_lr": 0.003, "warmup_ratio": 0.25, "min_lr": 0.0003},
           "checkpoint_every": 2},
          {"name": "cotrain", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 3, "vqa_parts": 1},
           "expert_init": "copy-expert-0", "steps": %d, "batch_size": 2,
           "lr_schedule": {"type": "constant", "lr": 0.001}, "optimizer": {"beta1": 0.9, "beta2": 0.99, "eps": 1e-8, "weight_decay": 0.01}}
         ]}
        """.formatted(controlSteps, cotrainSteps), "test recipe");
  }

  /** A data root with the paths the test recipes name (the in-memory source does not read them). */
  static Path dataRoot(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("episodes"));
    Files.writeString(dir.resolve("vqa.json"), "[]");
    return dir;
  }

  static TrainingSetup setup(Recipe recipe, Path data, Path run, TrainingProgress progress) {
    return new TrainingSetup(recipe, data, run, InMemoryBatches.factory(), List.of(), progress);
  }

  /** Every parameter's values by name (copied out of native memory). */
  static Map<String, float[]> snapshot(ChatVla vla) {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    for (Parameter p : vla.model().parameters().values()) {
      out.put(p.name(), Tensors.toFloats(p.tensor().detach()));
    }
    return out;
  }
}
