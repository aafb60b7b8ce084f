package org.chatvla4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.Presets;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.moe.ExpertRouting;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.nn.LoadReport;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.text.Message;
import org.chatvla4j.text.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatVlaTest {
  private static Tokenizer tokenizer;

  static synchronized ChatVla tiny(long seed) {
    if (tokenizer == null) {
      tokenizer = Tokenizer.tiny();
    }
    return ChatVla.create(Presets.tiny(), tokenizer, DType.F32, seed);
  }

  static RgbImage image(int h, int w, int salt) {
    return RgbImage.generate(h, w, (y, x, c) -> (y * 7 + x * 3 + c * 50 + salt) % 256);
  }

  static long[] concat(long[] a, long[] b) {
    long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
    float[] e = Tensors.toFloats(expected);
    float[] a = Tensors.toFloats(actual);
    assertEquals(e.length, a.length, what);
    double worst = 0;
    for (int i = 0; i < e.length; i++) {
      worst = Math.max(worst, Math.abs(e[i] - a[i]));
    }
    assertTrue(worst <= tol, what + ": max |Δ| = " + worst + " > " + tol);
  }

  @Test
  void cachedGenerationWithImagesEqualsFullRecompute() {
    try (Scope s = Scope.open()) {
      ChatVla vla = tiny(1);
      ProcessedImages px = vla.imageProcessor().preprocess(List.of(image(56, 84, 0), image(84, 56, 9)));
      long[] prompt = vla.prompts().generationPrompt(List.of(Message.user(ChatVla.grids(px), "Which block is left of the red moon?")));
      Generation g = vla.model().generate(vla.inputs(prompt, px), Task.UNDERSTANDING, GenerationConfig.greedy(12, Set.of()),
          new SplittableRandom(0));
      assertEquals(12, g.tokens().length);
      long[] all = concat(prompt, g.tokens());
      Tensor full = vla.model().hiddenStates(vla.inputs(all, px), ExpertRouting.of(Task.UNDERSTANDING)); // [1, T, D]
      assertClose(full.narrow(1, 0, prompt.length), g.promptHidden(), 1e-5, "prompt states");
      assertClose(full.narrow(1, prompt.length, g.tokens().length), g.generatedHidden(), 1e-5, "generated states");
      // Greedy: each generated token is the argmax of the full pass' logits one position earlier.
      float[] logits = Tensors.toFloats(vla.model().logits(full.narrow(1, prompt.length - 1, g.tokens().length)));
      int v = Presets.tiny().text().vocabSize();
      for (int i = 0; i < g.tokens().length; i++) {
        assertEquals(g.tokens()[i], TokenSampler.argmax(java.util.Arrays.copyOfRange(logits, i * v, (i + 1) * v)), "token " + i);
      }
    }
  }

  @Test
  void saveThenLoadGivesBitwiseIdenticalOutputs(@TempDir Path dir) throws Exception {
    try (Scope s = Scope.open()) {
      ChatVla vla = tiny(2);
      Path ckpt = dir.resolve("ckpt");
      vla.save(ckpt);
      assertTrue(Files.exists(ckpt.resolve("config.json")) && Files.exists(ckpt.resolve("tokenizer.json")));
      ChatVla back = ChatVla.load(ckpt, DType.F32);
      ProcessedImages px = vla.imageProcessor().preprocess(List.of(image(56, 56, 3)));
      long[] ids = vla.prompts().robotPrompt(ChatVla.grids(px), "push the red moon to the top left corner");
      VlaInputs in = vla.inputs(ids, px);
      assertArrayEquals(Tensors.toFloats(vla.model().hiddenStates(in, ExpertRouting.of(Task.CONTROL))),
          Tensors.toFloats(back.model().hiddenStates(in, ExpertRouting.of(Task.CONTROL))));
      ActResult a = vla.act(new RobotObservation(List.of(image(56, 56, 3)), new float[4]), "push the red moon", 6, new SplittableRandom(5));
      ActResult b = back.act(new RobotObservation(List.of(image(56, 56, 3)), new float[4]), "push the red moon", 6, new SplittableRandom(5));
      assertEquals(a.reasoning(), b.reasoning());
      assertArrayEquals(a.actions()[3], b.actions()[3]);
    }
  }

  @Test
  void checkpointOfAnotherShapeFailsWithTheFullReport(@TempDir Path dir) throws Exception {
    try (Scope s = Scope.open()) {
      Path ckpt = dir.resolve("ckpt");
      tiny(3).save(ckpt);
      // Claim a dense decoder and a deeper head: the MoE weights are unexpected, mlp.* and blocks.2 are missing.
      String cfg = Files.readString(ckpt.resolve("config.json")).replace("\"using_moe\" : true", "\"using_moe\" : false")
          .replace("\"depth\" : 2,\n    \"n_emb\"", "\"depth\" : 3,\n    \"n_emb\"");
      Files.writeString(ckpt.resolve("config.json"), cfg);
      var e = assertThrows(LoadReport.LoadException.class, () -> ChatVla.load(ckpt, DType.F32));
      LoadReport r = e.report();
      // 2 layers × mlp.{gate,up,down} + policy_head.blocks.2's 10 tensors (qkv, proj, fc1, fc2, adaLN: weight and bias)
      assertEquals(2 * 3 + 10, r.missing().size(), r.describe());
      assertEquals(2 * 2 * 3, r.unexpected().size(), r.describe()); // 2 layers × 2 experts × 3 projections
      assertTrue(r.missing().stream().anyMatch(n -> n.startsWith("policy_head.blocks.2.adaLN_modulation.1.weight")), r.describe());
    }
  }

  @Test
  void actChecksTheStateDimension() {
    try (Scope s = Scope.open()) {
      ChatVla vla = tiny(4);
      var e = assertThrows(IllegalArgumentException.class,
          () -> vla.act(new RobotObservation(List.of(image(56, 56, 0)), new float[7]), "push", 4, new SplittableRandom(0)));
      assertEquals("the observation's state has 7 values but the model expects state_dim = 4", e.getMessage());
      ActResult r = vla.act(new RobotObservation(List.of(image(56, 56, 0)), new float[4]), "push the red moon", 4, new SplittableRandom(0));
      assertEquals(8, r.actions().length);
      for (float[] step : r.actions()) {
        assertEquals(2, step.length);
        for (float v : step) {
          assertTrue(v >= -1 && v <= 1, "DDIM clips x̂0 to ±1 and ends at x̂0: " + v);
        }
      }
    }
  }

  @Test
  void promptsLongerThanTheContextAreRefused() {
    try (Scope s = Scope.open()) {
      ChatVla vla = tiny(5);
      long[] ids = new long[2047];
      var e = assertThrows(IllegalArgumentException.class, () -> vla.model().generate(VlaInputs.textOnly(ids, 1176),
          Task.UNDERSTANDING, GenerationConfig.greedy(8, Set.of()), new SplittableRandom(0)));
      assertEquals("sequence of 2055 tokens exceeds the context limit max_position_embeddings = 2048", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> vla.generateText("  ", List.of(), GenerationConfig.greedy(4, Set.of()),
          new SplittableRandom(0)));
    }
  }
}
