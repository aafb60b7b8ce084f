package org.chatvla4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** smart_resize against hand-computed sizes (factor 28, min 3136, max 1,003,520 unless stated). */
class SmartResizeTest {
  private static final SmartResize DEFAULT = SmartResize.qwen2VlProcessor();

  private static void assertSize(int h, int w, ImageSize s) {
    assertEquals(new ImageSize(h, w), s);
  }

  @Test
  void chatVlaCameraSizes() {
    // 240/28 = 8.57 -> 9 -> 252; 320/28 = 11.43 -> 11 -> 308: 18×22 patches = 99 tokens
    ImageSize s = DEFAULT.targetSize(240, 320);
    assertSize(252, 308, s);
    assertEquals(18, s.height() / 14);
    assertEquals(22, s.width() / 14);
    assertEquals(99, (s.height() / 28) * (s.width() / 28)); // 9 × 11 merge windows
    // 56×56 is exactly min_pixels: 2×2 windows = 4 tokens
    assertSize(56, 56, DEFAULT.targetSize(56, 56));
    // raw camera 480×640: 17.14 -> 17 -> 476, 22.86 -> 23 -> 644 (306,544 px, within bounds)
    assertSize(476, 644, DEFAULT.targetSize(480, 640));
    // the world's default camera 180×320: 6.43 -> 6 -> 168, 308
    assertSize(168, 308, DEFAULT.targetSize(180, 320));
  }

  @Test
  void roundsHalfToEvenLikePython() {
    assertSize(56, 56, DEFAULT.targetSize(42, 42)); // 1.5 -> 2
    assertSize(56, 56, DEFAULT.targetSize(70, 70)); // 2.5 -> 2 (half-up would give 84)
  }

  @Test
  void shrinksAboveMaxPixels() {
    // 1988×2996 > max: β = √(6e6 / 1,003,520) = 2.4452; 2000/β/28 = 29.21 -> 812; 3000/β/28 = 43.82 -> 1204
    ImageSize s = DEFAULT.targetSize(2000, 3000);
    assertSize(812, 1204, s);
    assertTrue(s.pixels() <= DEFAULT.maxPixels());
    // VQA bounds: 240×320 must grow to ≥ 256 tokens: β = √(200,704 / 76,800) = 1.6166 -> 13.86 -> 392, 18.47 -> 532
    assertSize(392, 532, SmartResize.vqaEvaluation().targetSize(240, 320));
  }

  @Test
  void growsBelowMinPixels() {
    // 30×40 rounds to 28×28 = 784 < 3136: β = √(3136/1200) = 1.6166; 30β/28 = 1.73 -> 2 -> 56; 40β/28 = 2.31 -> 3 -> 84
    assertSize(56, 84, DEFAULT.targetSize(30, 40));
    // 10×10 rounds to 0×0: β = √31.36 = 5.6; 10β/28 = 2.0 -> 56
    assertSize(56, 56, DEFAULT.targetSize(10, 10));
    // 1×200 (ratio exactly 200 is allowed): β = √15.68 = 3.96; 0.14 -> 1 -> 28; 28.28 -> 29 -> 812
    assertSize(28, 812, DEFAULT.targetSize(1, 200));
  }

  @Test
  void badInputNamesValueAndLimit() {
    var ratio = assertThrows(IllegalArgumentException.class, () -> DEFAULT.targetSize(1, 201));
    assertTrue(ratio.getMessage().contains("201") && ratio.getMessage().contains("200"), ratio.getMessage());
    var zero = assertThrows(IllegalArgumentException.class, () -> DEFAULT.targetSize(0, 10));
    assertTrue(zero.getMessage().contains("height=0"), zero.getMessage());
    // Without a minimum, a 10×10 image rounds to 0×0: less than one token.
    var tiny = assertThrows(IllegalArgumentException.class, () -> new SmartResize(28, 0, 1_003_520).targetSize(10, 10));
    assertTrue(tiny.getMessage().contains("10×10") && tiny.getMessage().contains("0×0") && tiny.getMessage().contains("28×28"),
        tiny.getMessage());
    var bounds = assertThrows(IllegalArgumentException.class, () -> new SmartResize(28, 5000, 4000));
    assertTrue(bounds.getMessage().contains("min_pixels=5000"), bounds.getMessage());
  }
}
