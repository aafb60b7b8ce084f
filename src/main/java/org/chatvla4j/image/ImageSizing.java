package org.chatvla4j.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How stored frames are sized before the model's image processor (which then applies {@code smart_resize}), after
 * chatvla-paper.md §1.3: optionally every frame is first resized cv2-bilinear to a fixed size (ChatVLA: 320×240 for
 * its 480×640 Franka cameras and for LLaVA images), and when a sample has more than one camera, a camera whose name
 * contains {@value #WRIST} is resized (Pillow bicubic, as {@code qwen_vl_utils} does) to its own small size (56×56 =
 * 4 tokens).
 *
 * @param preResize the cv2-bilinear size every frame is brought to first; empty = keep the stored size
 * @param wristSize a wrist camera's size (a multiple of the processor's 28-pixel factor)
 */
public record ImageSizing(Optional<ImageSize> preResize, ImageSize wristSize) {
  /** The substring that marks a wrist camera (ChatVLA matches camera names the same way). */
  public static final String WRIST = "wrist";

  public ImageSizing {
    if (preResize == null || wristSize == null) {
      throw new IllegalArgumentException("pre_resize (Optional.empty() for none) and wrist_size must be given");
    }
  }

  /** ChatVLA's data path: every frame cv2-resized to 240×320 (H×W), wrist cameras to 56×56. */
  public static ImageSizing chatVla() {
    return new ImageSizing(Optional.of(new ImageSize(240, 320)), new ImageSize(56, 56));
  }

  /**
   * Frames keep their stored size (a 180×320 tabletop frame becomes 168×308 = 66 tokens in {@code smart_resize}), wrist
   * cameras 56×56. This is what {@code ChatVla.act} and {@code generateText} feed at inference, so training sees the
   * same pixels the policy will see; squeezing 16:9 frames into ChatVLA's 4:3 would distort them for no gain.
   */
  public static ImageSizing nativeResolution() {
    return new ImageSizing(Optional.empty(), new ImageSize(56, 56));
  }

  /** {@code frame} brought to the common pre-resize size, if any. */
  public RgbImage preResized(RgbImage frame) {
    return preResize.filter(s -> s.height() != frame.height() || s.width() != frame.width())
        .map(s -> Cv2Bilinear.resize(frame, s))
        .orElse(frame);
  }

  /** The frames of one robot sample after the wrist rule, ready for the image processor. */
  public List<RgbImage> forProcessor(List<String> cameras, List<RgbImage> frames) {
    List<RgbImage> out = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      boolean wrist = frames.size() > 1 && cameras.get(i).contains(WRIST);
      out.add(wrist ? PilBicubic.resize(frames.get(i), wristSize) : frames.get(i));
    }
    return out;
  }
}
