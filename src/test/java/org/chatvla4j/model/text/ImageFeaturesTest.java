package org.chatvla4j.model.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

class ImageFeaturesTest {
  private static final long IMG = 5;

  @Test
  void imageRowsFillImagePadPositionsInBatchOrder() {
    try (Scope s = Scope.open()) {
      Tensor ids = Tensors.fromLongs(new long[] {7, IMG, IMG, 8, IMG, 9}, 2, 3);
      float[] e = new float[2 * 3 * 2];
      for (int i = 0; i < e.length; i++) {
        e[i] = -(i + 1);
      }
      Tensor features = Tensors.fromFloats(new float[] {10, 11, 20, 21, 30, 31}, 3, 2);
      Tensor merged = ImageFeatures.mergeImageFeatures(ids, Tensors.fromFloats(e, 2, 3, 2), features, IMG);
      assertArrayEquals(new float[] {-1, -2, 10, 11, 20, 21, -7, -8, 30, 31, -11, -12}, Tensors.toFloats(merged));
    }
  }

  @Test
  void countsMustMatch() {
    try (Scope s = Scope.open()) {
      Tensor ids = Tensors.fromLongs(new long[] {7, IMG, IMG}, 1, 3);
      var e = assertThrows(IllegalArgumentException.class, () -> ImageFeatures.mergeImageFeatures(
          ids, Tensors.fromFloats(new float[6], 1, 3, 2), Tensors.fromFloats(new float[6], 3, 2), IMG));
      assertTrue(e.getMessage().contains("2 image-pad tokens (id 5) but 3 feature rows"), e.getMessage());
    }
  }
}
