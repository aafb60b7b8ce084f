package org.chatvla4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.chatvla4j.image.RgbImage;
import org.junit.jupiter.api.Test;

class ImageAugmentationTest {
  private static final RgbImage IMAGE = RgbImage.generate(40, 60, (y, x, c) -> (y * 5 + x * 3 + c * 70) % 256);
  private static final ImageAugmentation AUG = ImageAugmentation.chatVla();

  private static ImageAugmentation.Params neutral() {
    return new ImageAugmentation.Params(0.5, 0.5, 0, 1, 1, 1, List.of(0, 1, 2));
  }

  @Test
  void neutralParametersWithoutCropAreTheIdentity() {
    ImageAugmentation noCrop = new ImageAugmentation(1, 5, 0.3, 0.4, 0.5);
    assertArrayEquals(IMAGE.rgb(), noCrop.apply(neutral(), IMAGE).rgb());
  }

  @Test
  void brightnessScalesEveryValueAndClampsAt255() {
    ImageAugmentation noCrop = new ImageAugmentation(1, 0, 0.3, 0, 0);
    var p = new ImageAugmentation.Params(0, 0, 0, 1.25, 1, 1, List.of(0, 1, 2));
    RgbImage out = noCrop.apply(p, IMAGE);
    for (int i = 0; i < IMAGE.rgb().length; i++) {
      int v = IMAGE.rgb()[i] & 0xFF;
      assertEquals(Math.min(255, Math.round(v / 255f * 1.25f * 255f)), out.rgb()[i] & 0xFF, "value " + i);
    }
  }

  @Test
  void saturationZeroGivesGrayPixels() {
    ImageAugmentation noCrop = new ImageAugmentation(1, 0, 0, 0, 0.5);
    var p = new ImageAugmentation.Params(0, 0, 0, 1, 1, 0, List.of(2, 0, 1));
    RgbImage out = noCrop.apply(p, IMAGE);
    for (int y = 0; y < 40; y += 7) {
      for (int x = 0; x < 60; x += 11) {
        double g = 0.2989 * IMAGE.get(y, x, 0) + 0.587 * IMAGE.get(y, x, 1) + 0.114 * IMAGE.get(y, x, 2);
        for (int c = 0; c < 3; c++) {
          assertEquals(g, out.get(y, x, c), 0.51, "pixel " + y + "," + x);
        }
      }
    }
  }

  @Test
  void cropAtTheTopLeftResizesTheCropBack() {
    // A 95 % crop of a 40x60 image is 38x57; at offset (0, 0) the output's first pixel samples the crop at
    // (0.5 · 38/40 − 0.5) < 0 → clamped to 0, i.e. the original pixel (0, 0).
    ImageAugmentation cropOnly = new ImageAugmentation(0.95, 0, 0, 0, 0);
    var p = new ImageAugmentation.Params(0, 0, 0, 1, 1, 1, List.of(0, 1, 2));
    RgbImage out = cropOnly.apply(p, IMAGE);
    assertEquals(40, out.height());
    assertEquals(60, out.width());
    for (int c = 0; c < 3; c++) {
      assertEquals(IMAGE.get(0, 0, c), out.get(0, 0, c));
      // The last output row and column sample the crop's last row and column (clamped), pixel (37, 56).
      assertEquals(IMAGE.get(37, 56, c), out.get(39, 59, c));
    }
    assertFalse(java.util.Arrays.equals(IMAGE.rgb(), out.rgb()));
  }

  @Test
  void rotationBy90DegreesOnASquareMovesTheRightEdgeToTheTop() {
    RgbImage sq = RgbImage.generate(9, 9, (y, x, c) -> x * 20 + c);
    ImageAugmentation rot = new ImageAugmentation(1, 90, 0, 0, 0);
    RgbImage out = rot.apply(new ImageAugmentation.Params(0, 0, 90, 1, 1, 1, List.of(0, 1, 2)), sq);
    // Counter-clockwise: the top row now shows the former right column (x = 8), the bottom row the left one.
    for (int x = 0; x < 9; x++) {
      assertEquals(8 * 20, out.get(0, x, 0));
      assertEquals(0, out.get(8, x, 0));
    }
  }

  @Test
  void drawsAreDeterministicPerSeedAndWithinTheirRanges() {
    var a = AUG.draw(new SplittableRandom(42));
    var b = AUG.draw(new SplittableRandom(42));
    var c = AUG.draw(new SplittableRandom(43));
    assertEquals(a, b);
    assertNotEquals(a, c);
    assertArrayEquals(AUG.apply(a, IMAGE).rgb(), AUG.apply(b, IMAGE).rgb());
    assertFalse(java.util.Arrays.equals(AUG.apply(a, IMAGE).rgb(), AUG.apply(c, IMAGE).rgb()));
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      var p = AUG.draw(rng);
      assertTrue(Math.abs(p.degrees()) <= 5);
      assertTrue(p.brightnessFactor() >= 0.7 && p.brightnessFactor() <= 1.3);
      assertTrue(p.contrastFactor() >= 0.6 && p.contrastFactor() <= 1.4);
      assertTrue(p.saturationFactor() >= 0.5 && p.saturationFactor() <= 1.5);
      assertEquals(3, p.jitterOrder().stream().distinct().count());
    }
  }
}
