package org.chatvla4j.image;

/**
 * Port of Qwen2-VL's {@code smart_resize} (transformers {@code image_processing_qwen2_vl.py}): the size an image is
 * resized to so both sides are multiples of {@code factor} (patch · merge = 28), the pixel count lies within
 * [{@code minPixels}, {@code maxPixels}] and the aspect ratio is kept as well as rounding allows.
 *
 * <p>Rounding as in Python: first each side to the nearest multiple (Python's {@code round}, half to even); if that
 * exceeds {@code maxPixels}, both sides shrink by β = √(h·w / maxPixels) and round down (at least one factor); if it is
 * under {@code minPixels}, both grow by β = √(minPixels / (h·w)) and round up.
 *
 * @param factor side multiple in pixels (28)
 * @param minPixels lower bound on height·width after resizing
 * @param maxPixels upper bound on height·width after resizing
 */
public record SmartResize(int factor, long minPixels, long maxPixels) {
  /** Aspect ratios above this are refused (transformers and qwen_vl_utils: 200). */
  public static final double MAX_ASPECT_RATIO = 200;

  public SmartResize {
    if (factor <= 0) {
      throw new IllegalArgumentException("smart_resize factor must be > 0, got " + factor);
    }
    if (minPixels < 0 || maxPixels <= 0 || minPixels > maxPixels) {
      throw new IllegalArgumentException(
          "smart_resize needs 0 <= min_pixels <= max_pixels and max_pixels > 0, got min_pixels=" + minPixels + " max_pixels=" + maxPixels);
    }
  }

  /** {@code Qwen2VLImageProcessor}'s defaults: factor 28, min 56·56 = 3136, max 28·28·1280 = 1,003,520. */
  public static SmartResize qwen2VlProcessor() {
    return new SmartResize(28, 56 * 56, 28L * 28 * 1280);
  }

  /** {@code qwen_vl_utils.fetch_image}'s bounds (what ChatVLA's data path uses): min 4·28·28, max 16384·28·28. */
  public static SmartResize qwenVlUtils() {
    return new SmartResize(28, 4 * 28 * 28, 16384L * 28 * 28);
  }

  /** VLMEvalKit's benchmark setting quoted by ChatVLA: min 256 tokens (200,704 px), max 1280 tokens (1,003,520 px). */
  public static SmartResize vqaEvaluation() {
    return new SmartResize(28, 256L * 28 * 28, 1280L * 28 * 28);
  }

  /**
   * The resized size of an image of {@code height × width} pixels.
   *
   * @throws IllegalArgumentException for a zero or negative side, an aspect ratio above 200, or bounds that leave
   *     less than one factor on a side
   */
  public ImageSize targetSize(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image must have a positive size, got height=" + height + " width=" + width);
    }
    double ratio = (double) Math.max(height, width) / Math.min(height, width);
    if (ratio > MAX_ASPECT_RATIO) {
      throw new IllegalArgumentException("absolute aspect ratio must be at most " + MAX_ASPECT_RATIO + ", got " + ratio
          + " for height=" + height + " width=" + width + "; crop or pad the image first");
    }
    long hBar = (long) Math.rint((double) height / factor) * factor; // Python round(): half to even
    long wBar = (long) Math.rint((double) width / factor) * factor;
    if (hBar * wBar > maxPixels) {
      double beta = Math.sqrt((double) ((long) height * width) / maxPixels);
      hBar = Math.max(factor, (long) Math.floor(height / beta / factor) * factor);
      wBar = Math.max(factor, (long) Math.floor(width / beta / factor) * factor);
    } else if (hBar * wBar < minPixels) {
      double beta = Math.sqrt((double) minPixels / ((long) height * width));
      hBar = (long) Math.ceil(height * beta / factor) * factor;
      wBar = (long) Math.ceil(width * beta / factor) * factor;
    }
    if (hBar < factor || wBar < factor) {
      throw new IllegalArgumentException("image " + height + "×" + width + " resizes to " + hBar + "×" + wBar
          + ", smaller than one " + factor + "×" + factor + " token; raise min_pixels (now " + minPixels + ") or use a larger image");
    }
    return new ImageSize(Math.toIntExact(hBar), Math.toIntExact(wBar));
  }
}
