package org.chatvla4j.model.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.chatvla4j.config.SpecialTokens;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** {@link RopeIndex} against position ids worked out by hand, in the style of the {@code get_rope_index} docstring. */
class RopeIndexTest {
  // ids of the tiny preset's tokenizer: pad 0, vision start 3, vision end 4, image pad 5; text tokens are >= 10
  private static final SpecialTokens TOKENS = new SpecialTokens(0, 2, 0, 1, 3, 4, 5);
  private static final long P = 0, VS = 3, VE = 4, IMG = 5, X = 42;
  private static final RopeIndex ROPE = new RopeIndex(TOKENS, 2);

  private static long[] row(long[] all, int axis, int b, int sample, int t) {
    return Arrays.copyOfRange(all, (axis * b + sample) * t, (axis * b + sample + 1) * t);
  }

  @Test
  void docstringExampleOneImageThenText() {
    // vision start, an image of grid (t=3, h=4, w=4) → 3·2·2 = 12 merged tokens, then 5 text tokens
    long[] ids = {VS, IMG, IMG, IMG, IMG, IMG, IMG, IMG, IMG, IMG, IMG, IMG, IMG, X, X, X, X, X};
    int t = ids.length;
    try (Scope s = Scope.open()) {
      RopeIndex.Positions pos = ROPE.compute(Tensors.fromLongs(ids, 1, t), Tensors.fromLongs(new long[] {3, 4, 4}, 1, 3),
          Tensors.fromLongs(ones(t), 1, t));
      long[] all = Tensors.toLongs(pos.positionIds());
      assertArrayEquals(new long[] {0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 5, 6, 7, 8}, row(all, 0, 1, 0, t));
      assertArrayEquals(new long[] {0, 1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2, 4, 5, 6, 7, 8}, row(all, 1, 1, 0, t));
      assertArrayEquals(new long[] {0, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 4, 5, 6, 7, 8}, row(all, 2, 1, 0, t));
      assertArrayEquals(new long[] {9 - 18}, Tensors.toLongs(pos.ropeDeltas()));
    }
  }

  @Test
  void twoImagesOfDifferentGridsAndALeftPaddedSample() {
    long[] ids = {
      // sample 0: text, image (1, 4, 6) → 1·2·3 = 6 tokens, text, image (1, 2, 4) → 1·1·2 = 2 tokens, text
      X, X, VS, IMG, IMG, IMG, IMG, IMG, IMG, VE, X, VS, IMG, IMG, VE, X, X,
      // sample 1: 9 pads on the left, text, image (2, 2, 2) → 2·1·1 = 2 tokens, text
      P, P, P, P, P, P, P, P, P, X, VS, IMG, IMG, VE, X, X, X
    };
    long[] mask = new long[34];
    Arrays.fill(mask, 1);
    Arrays.fill(mask, 17, 26, 0);
    long[] grids = {1, 4, 6, 1, 2, 4, 2, 2, 2};
    try (Scope s = Scope.open()) {
      RopeIndex.Positions pos = ROPE.compute(Tensors.fromLongs(ids, 2, 17), Tensors.fromLongs(grids, 3, 3), Tensors.fromLongs(mask, 2, 17));
      long[] all = Tensors.toLongs(pos.positionIds());
      //                 X  X  VS |  image 1 (rows 0..1 × cols 0..2)  | VE X VS | img 2 | VE  X   X
      assertArrayEquals(new long[] {0, 1, 2, 3, 3, 3, 3, 3, 3, 6, 7, 8, 9, 9, 11, 12, 13}, row(all, 0, 2, 0, 17));
      assertArrayEquals(new long[] {0, 1, 2, 3, 3, 3, 4, 4, 4, 6, 7, 8, 9, 9, 11, 12, 13}, row(all, 1, 2, 0, 17));
      assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, row(all, 2, 2, 0, 17));
      //                 padding gets 1 ............... | X VS | img (t 0..1) | VE X  X  X
      assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 2, 3, 4, 5, 6, 7}, row(all, 0, 2, 1, 17));
      assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 2, 2, 4, 5, 6, 7}, row(all, 1, 2, 1, 17));
      assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 2, 2, 4, 5, 6, 7}, row(all, 2, 2, 1, 17));
      assertArrayEquals(new long[] {14 - 17, 8 - 17}, Tensors.toLongs(pos.ropeDeltas()));
    }
  }

  @Test
  void textOnlyCountsRealTokensAndDecodingContinuesFromDelta() {
    long[] ids = {P, P, X, X, X, X, X, X, X, X, X, X, X, X, X, X}; // sample 0 left-padded by 2, sample 1 full
    long[] mask = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    try (Scope s = Scope.open()) {
      RopeIndex.Positions pos = ROPE.computeTextOnly(Tensors.fromLongs(ids, 2, 8),
          Tensors.fromLongs(mask, 2, 8));
      long[] all = Tensors.toLongs(pos.positionIds());
      assertArrayEquals(new long[] {1, 1, 0, 1, 2, 3, 4, 5}, row(all, 0, 2, 0, 8));
      assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7}, row(all, 2, 2, 1, 8));
      assertArrayEquals(new long[] {-2, 0}, Tensors.toLongs(pos.ropeDeltas()));
      // the next token after 8 cached positions sits at 6 (sample 0) and 8 (sample 1) on every axis
      long[] next = Tensors.toLongs(RopeIndex.decodePositions(8, 2, pos.ropeDeltas()));
      assertArrayEquals(new long[] {6, 7, 8, 9, 6, 7, 8, 9, 6, 7, 8, 9}, next);
    }
  }

  @Test
  void gridsThatDisagreeWithThePromptAreRejected() {
    long[] ids = {X, VS, IMG, IMG, VE, X};
    try (Scope s = Scope.open()) {
      var tooFewPads = assertThrows(IllegalArgumentException.class, () -> ROPE.compute(Tensors.fromLongs(ids, 1, 6),
          Tensors.fromLongs(new long[] {1, 4, 4}, 1, 3), Tensors.fromLongs(ones(6), 1, 6)));
      assertTrue(tooFewPads.getMessage().contains("needs 4 consecutive image-pad tokens"), tooFewPads.getMessage());
      var extraGrid = assertThrows(IllegalArgumentException.class, () -> ROPE.compute(Tensors.fromLongs(ids, 1, 6),
          Tensors.fromLongs(new long[] {1, 2, 4, 1, 2, 2}, 2, 3), Tensors.fromLongs(ones(6), 1, 6)));
      assertTrue(extraGrid.getMessage().contains("2 rows but the prompts contain 1 images"), extraGrid.getMessage());
      var oddGrid = assertThrows(IllegalArgumentException.class, () -> ROPE.compute(Tensors.fromLongs(ids, 1, 6),
          Tensors.fromLongs(new long[] {1, 3, 4}, 1, 3), Tensors.fromLongs(ones(6), 1, 6)));
      assertTrue(oddGrid.getMessage().contains("image_grid_thw[0].h = 3"), oddGrid.getMessage());
    }
  }

  private static long[] ones(int n) {
    long[] a = new long[n];
    Arrays.fill(a, 1);
    return a;
  }
}
