package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.MoeConfig;
import org.chatvla4j.config.Presets;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.moe.ExpertRouting;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.text.Message;
import org.chatvla4j.text.Tokenizer;
import org.chatvla4j.weights.CheckpointFiles;
import org.chatvla4j.weights.CheckpointWriter;
import org.chatvla4j.weights.SafetensorsDtype;
import org.chatvla4j.weights.TensorData;
import org.chatvla4j.weights.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code init-moe} on the tiny preset: a dense bf16 checkpoint in the newer transformers key layout, sharded, becomes a
 * ChatVLA checkpoint whose both experts reproduce the dense model exactly.
 */
class InitMoeCommandTest {
  @TempDir Path tmp;

  /** A dense tiny Qwen2-VL (no experts, no head) saved in bf16, then rewritten as {@code model.language_model.*} shards. */
  static Path denseCheckpoint(Path root) throws IOException {
    Path saved = root.resolve("dense-old-layout");
    try (Scope s = Scope.open()) {
      ChatVla.create(Presets.tiny().withMoe(MoeConfig.dense()).withoutActionHead(), Tokenizer.tiny(), DType.BF16, 3).save(saved);
    }
    Path dense = root.resolve("dense");
    Files.createDirectories(dense);
    try (CheckpointFiles files = CheckpointFiles.open(saved)) {
      SequencedMap<String, TensorData> renamed = new LinkedHashMap<>();
      for (TensorInfo t : files.tensors()) {
        String n = t.name();
        String newer = n.startsWith("model.") ? "model.language_model." + n.substring(6)
            : n.startsWith("visual.") ? "model." + n : n;
        renamed.put(newer, files.tensor(n));
      }
      new CheckpointWriter(200_000).write(dense, renamed, Map.of("format", "pt"));
    }
    Files.copy(saved.resolve("config.json"), dense.resolve("config.json"));
    Files.copy(saved.resolve("tokenizer.json"), dense.resolve("tokenizer.json"));
    return dense;
  }

  @Test
  void bothExpertsOfTheConvertedModelEqualTheDenseModel() throws Exception {
    Path dense = denseCheckpoint(tmp);
    assertTrue(Files.exists(dense.resolve(CheckpointFiles.INDEX_FILE)), "the source is sharded");
    Path moe = tmp.resolve("chatvla");
    CliRun r = CliRun.of("init-moe", "--from", dense.toString(), "--out", moe.toString(), "--head", "tiny", "--state-dim", "4",
        "--action-dim", "2", "--chunk", "8", "--no-progress");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().getFirst().contains("6 dense MLP tensors copied into 2 experts"), r.out().toString()); // 2 layers × 3

    JsonNode config = new ObjectMapper().readTree(moe.resolve("config.json").toFile());
    assertTrue(config.get("using_moe").asBoolean());
    assertEquals("bfloat16", config.get("torch_dtype").asText());
    assertEquals(2, config.at("/policy_head_config/action_dim").asInt());
    assertEquals(4, config.at("/policy_head_config/state_dim").asInt());
    assertEquals(8, config.at("/policy_head_config/prediction_horizon").asInt());
    assertEquals(Files.readString(dense.resolve("tokenizer.json")), Files.readString(moe.resolve("tokenizer.json")));
    try (CheckpointFiles files = CheckpointFiles.open(moe)) {
      for (TensorInfo t : files.tensors()) {
        assertEquals(SafetensorsDtype.BF16, t.dtype(), t.name() + " keeps the source dtype");
        assertFalse(t.name().startsWith("model.language_model.") || t.name().contains(".mlp.gate"), t.name());
      }
      assertEquals(files.tensor("model.layers.1.static_expert.experts.0.up_proj.weight"),
          files.tensor("model.layers.1.static_expert.experts.1.up_proj.weight"));
      assertTrue(files.contains("policy_head.blocks.1.adaLN_modulation.1.weight"));
    }

    try (Scope s = Scope.open()) {
      ChatVla before = ChatVla.load(dense, DType.F32);
      ChatVla after = ChatVla.load(moe, DType.F32);
      RgbImage image = RgbImage.generate(56, 84, (y, x, c) -> (y * 5 + x * 3 + c * 70) % 256);
      ProcessedImages px = before.imageProcessor().preprocess(List.of(image));
      long[] ids = before.prompts().generationPrompt(List.of(Message.user(ChatVla.grids(px), "where is the red moon?")));
      float[] want = Tensors.toFloats(before.model().logits(before.model().hiddenStates(before.inputs(ids, px),
          ExpertRouting.of(Task.UNDERSTANDING))));
      for (Task task : Task.values()) {
        Tensor logits = after.model().logits(after.model().hiddenStates(after.inputs(ids, px), ExpertRouting.of(task)));
        float[] got = Tensors.toFloats(logits);
        assertEquals(want.length, got.length);
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
          worst = Math.max(worst, Math.abs(want[i] - got[i]));
        }
        assertTrue(worst <= 1e-6, task + ": max |Δlogit| = " + worst);
      }
    }

    CliRun again = CliRun.of("init-moe", "--from", dense.toString(), "--out", moe.toString(), "--head", "tiny", "--state-dim", "4",
        "--action-dim", "2", "--no-progress");
    assertEquals(1, again.exitCode());
    assertTrue(again.err().contains("output " + moe.toAbsolutePath() + " already exists; choose another --out or pass --replace"),
        again.err());
    byte[] firstHead = headBytes(moe);
    CliRun replaced = CliRun.of("init-moe", "--from", dense.toString(), "--out", moe.toString(), "--head", "tiny", "--state-dim",
        "4", "--action-dim", "2", "--seed", "9", "--replace", "--no-progress");
    assertEquals(0, replaced.exitCode(), replaced.err());
    assertFalse(java.util.Arrays.equals(firstHead, headBytes(moe)), "another seed, another head: the output was replaced");
    try (var siblings = Files.list(tmp)) {
      assertEquals(List.of(), siblings.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
          "no staging or old directories are left behind");
    }

    CliRun twice = CliRun.of("init-moe", "--from", moe.toString(), "--out", tmp.resolve("x").toString(), "--no-progress");
    assertEquals(1, twice.exitCode());
    assertTrue(twice.err().contains("has using_moe = true: the checkpoint already has static experts"), twice.err());
  }

  private static byte[] headBytes(Path dir) throws IOException {
    try (CheckpointFiles files = CheckpointFiles.open(dir)) {
      return files.tensor("policy_head.x_embedder.weight").toByteArray();
    }
  }

  @Test
  void replaceNeverDeletesADirectoryThatIsNotACheckpoint() throws Exception {
    Path dense = denseCheckpoint(tmp);
    Path data = Files.createDirectories(tmp.resolve("my-data"));
    Files.writeString(data.resolve("notes.txt"), "keep me");
    CliRun r = CliRun.of("init-moe", "--from", dense.toString(), "--out", data.toString(), "--head", "tiny", "--replace",
        "--no-progress");
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("exists but is not a checkpoint directory (no config.json)"), r.err());
    assertEquals("keep me", Files.readString(data.resolve("notes.txt")));
    assertArrayEquals(new String[] {"notes.txt"}, data.toFile().list());
  }
}
