package org.chatvla4j.model.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.ChatVlaConfig;
import org.chatvla4j.config.Presets;
import org.chatvla4j.model.moe.ExpertRouting;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.nn.Init;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/**
 * Decoding token by token with the {@link KvCache} equals recomputing the whole sequence: a batch of two prompts with
 * images (different grids, one left-padded, one per expert), positions from {@link RopeIndex}, fp32, tiny preset.
 */
class KvCacheTest {
  private static final ChatVlaConfig CONFIG = Presets.tiny();
  private static final long PAD = 0, VS = 3, VE = 4, IMG = 5;
  private static final int PROMPT = 12, NEW = 5, TOTAL = PROMPT + NEW;
  // sample 0: text, image grid (1, 4, 4) → 4 tokens, text; sample 1: 3 pads, text, image grid (1, 2, 4) → 2 tokens, text
  private static final long[] IDS = {
    10, 11, VS, IMG, IMG, IMG, IMG, VE, 12, 13, 14, 15, /* generated: */ 40, 41, 42, 43, 44,
    PAD, PAD, PAD, 20, VS, IMG, IMG, VE, 21, 22, 23, 24, /* generated: */ 50, 51, 52, 53, 54
  };
  private static final long[] GRIDS = {1, 4, 4, 1, 2, 4};
  private static final ExpertRouting ROUTING = ExpertRouting.of(Task.UNDERSTANDING, Task.CONTROL);

  private static Tensor mask(int length) {
    long[] m = new long[2 * length];
    for (int b = 0; b < 2; b++) {
      for (int j = 0; j < length; j++) {
        m[b * length + j] = IDS[b * TOTAL + j] == PAD && b == 1 && j < 3 ? 0 : 1;
      }
    }
    return Tensors.fromLongs(m, 2, length);
  }

  private static Tensor ids(int from, int length) {
    return Tensors.fromLongs(IDS, 2, TOTAL).narrow(1, from, length).contiguous();
  }

  private static Tensor embeds(Qwen2VlLanguageModel lm, Tensor ids, Tensor imageFeatures) {
    return ImageFeatures.mergeImageFeatures(ids, lm.model().embed(ids), imageFeatures, CONFIG.tokens().imagePad());
  }

  @Test
  void tokenByTokenDecodingEqualsFullRecompute() {
    try (Scope s = Scope.open()) {
      Qwen2VlLanguageModel lm = new Qwen2VlLanguageModel(Init.cpu(DType.F32, 21), CONFIG.text(), CONFIG.moe());
      lm.eval();
      Tensor features = Init.cpu(DType.F32, 22).normal(1.0, 6, 64); // 4 + 2 merged vision rows
      RopeIndex rope = new RopeIndex(CONFIG.tokens(), CONFIG.vision().spatialMergeSize());
      Tensor grids = Tensors.fromLongs(GRIDS, 2, 3);

      // the whole sequence at once
      Tensor all = ids(0, TOTAL);
      RopeIndex.Positions full = rope.compute(all, grids, mask(TOTAL));
      float[] want = Tensors.toFloats(lm.logits(lm.forward(embeds(lm, all, features), full.positionIds(), mask(TOTAL), ROUTING)));

      // prefill the prompt, then one token per step
      KvCache cache = lm.model().newCache();
      Tensor prompt = ids(0, PROMPT);
      RopeIndex.Positions pre = rope.compute(prompt, grids, mask(PROMPT));
      float[] prefill = Tensors.toFloats(lm.logits(lm.forward(embeds(lm, prompt, features), pre.positionIds(), mask(PROMPT), ROUTING, cache)));
      float[][] steps = decode(lm, cache, pre.ropeDeltas());
      assertEquals(TOTAL, cache.length());

      double maxDiff = 0;
      int v = CONFIG.text().vocabSize();
      for (int b = 0; b < 2; b++) {
        for (int j = (b == 1 ? 3 : 0); j < TOTAL; j++) { // padded rows carry no meaning
          for (int k = 0; k < v; k++) {
            float got = j < PROMPT ? prefill[(b * PROMPT + j) * v + k] : steps[j - PROMPT][b * v + k];
            maxDiff = Math.max(maxDiff, Math.abs(got - want[(b * TOTAL + j) * v + k]));
          }
        }
      }
      System.out.printf("KV-cache decode vs full recompute: max |Δlogit| = %.3g over %d positions%n", maxDiff, 2 * TOTAL - 3);
      assertTrue(maxDiff <= 1e-5, "max |Δlogit| = " + maxDiff);

      // the prompt's positions followed by decodePositions are exactly the full sequence's positions
      long[] fullPos = Tensors.toLongs(full.positionIds());
      long[] prePos = Tensors.toLongs(pre.positionIds());
      for (int axis = 0; axis < 3; axis++) {
        for (int b = 0; b < 2; b++) {
          for (int j = 0; j < TOTAL; j++) {
            long expected = j < PROMPT ? prePos[(axis * 2 + b) * PROMPT + j]
                : Tensors.toLongs(RopeIndex.decodePositions(j, 1, pre.ropeDeltas()))[axis * 2 + b];
            assertEquals(expected, fullPos[(axis * 2 + b) * TOTAL + j], "axis " + axis + " sample " + b + " position " + j);
          }
        }
      }
      cache.close();
    }
  }

  @Test
  void croppingToThePromptReplaysTheSameDecode() {
    try (Scope s = Scope.open()) {
      Qwen2VlLanguageModel lm = new Qwen2VlLanguageModel(Init.cpu(DType.F32, 31), CONFIG.text(), CONFIG.moe());
      Tensor features = Init.cpu(DType.F32, 32).normal(1.0, 6, 64);
      RopeIndex rope = new RopeIndex(CONFIG.tokens(), CONFIG.vision().spatialMergeSize());
      try (KvCache cache = lm.model().newCache()) {
        Tensor prompt = ids(0, PROMPT);
        RopeIndex.Positions pre = rope.compute(prompt, Tensors.fromLongs(GRIDS, 2, 3), mask(PROMPT));
        lm.forward(embeds(lm, prompt, features), pre.positionIds(), mask(PROMPT), ROUTING, cache);
        float[][] first = decode(lm, cache, pre.ropeDeltas());
        cache.crop(PROMPT);
        assertEquals(PROMPT, cache.length());
        float[][] second = decode(lm, cache, pre.ropeDeltas());
        for (int i = 0; i < NEW; i++) {
          assertArrayEquals(first[i], second[i], "step " + i);
        }
        var bad = assertThrows(IllegalArgumentException.class, () -> cache.crop(TOTAL + 1));
        assertTrue(bad.getMessage().contains("crop length must be in [0, " + TOTAL + "]"), bad.getMessage());
        cache.crop(0);
        assertEquals(0, cache.length());
      }
    }
  }

  /** Feeds the generated tokens one at a time; each step runs in its own scope while the cache keeps its tensors. */
  private static float[][] decode(Qwen2VlLanguageModel lm, KvCache cache, Tensor ropeDeltas) {
    float[][] logits = new float[NEW][];
    for (int i = 0; i < NEW; i++) {
      try (Scope step = Scope.open()) {
        int at = PROMPT + i;
        Tensor token = ids(at, 1);
        Tensor positions = RopeIndex.decodePositions(cache.length(), 1, ropeDeltas);
        Tensor hidden = lm.forward(lm.model().embed(token), positions, mask(at + 1), ROUTING, cache);
        logits[i] = Tensors.toFloats(lm.logits(hidden));
      }
    }
    return logits;
  }
}
