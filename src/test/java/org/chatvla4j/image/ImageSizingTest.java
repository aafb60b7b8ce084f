package org.chatvla4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSizingTest {
  private static final RgbImage FRANKA = RgbImage.generate(480, 640, (y, x, c) -> (y + 2 * x + 40 * c) % 256);

  @Test
  void chatVlaBringsFramesTo240x320WithCv2AndWristCamerasTo56x56() {
    ImageSizing s = ImageSizing.chatVla();
    RgbImage pre = s.preResized(FRANKA);
    assertEquals(new ImageSize(240, 320), pre.size());
    assertArrayEquals(Cv2Bilinear.resize(FRANKA, new ImageSize(240, 320)).rgb(), pre.rgb());
    List<RgbImage> out = s.forProcessor(List.of("left", "wrist"), List.of(pre, pre));
    assertSame(pre, out.get(0));
    assertEquals(new ImageSize(56, 56), out.get(1).size());
    // §1.3: 240x320 -> smart_resize 252x308 = 99 tokens per external view; 56x56 = 4 tokens for the wrist.
    assertEquals(new ImageSize(252, 308), SmartResize.qwenVlUtils().targetSize(240, 320));
    assertEquals(new ImageSize(56, 56), SmartResize.qwenVlUtils().targetSize(56, 56));
  }

  @Test
  void aLoneWristCameraAndNativeFramesKeepTheirSize() {
    ImageSizing s = ImageSizing.nativeResolution();
    RgbImage frame = RgbImage.generate(180, 320, (y, x, c) -> x);
    assertSame(frame, s.preResized(frame));
    assertSame(frame, s.forProcessor(List.of("wrist"), List.of(frame)).getFirst()); // ChatVLA: only with > 1 camera
    assertEquals(new ImageSize(168, 308), SmartResize.qwenVlUtils().targetSize(180, 320)); // 66 tokens
  }
}
