package org.chatvla4j.train.data;

import java.util.List;
import java.util.random.RandomGenerator;
import org.chatvla4j.image.RgbImage;

/**
 * Robot-image augmentation as in DexVLA/ChatVLA's dataset (chatvla-paper.md §4.3), torchvision semantics: {@code
 * RandomCrop(cropRatio · size)} → {@code Resize} back (bilinear, half-pixel centres) → {@code RandomRotation(±maxDegrees)}
 * (nearest, about the image centre, black fill) → {@code ColorJitter(brightness, contrast, saturation)} in a random
 * order. The reference applies it to the stacked cameras of a sample, so one {@link Params} draw serves every camera
 * of a sample. The pixels stay in float from the crop to the jitter and are rounded to 8 bits once.
 *
 * @param cropRatio side of the random crop as a fraction of the image side (0.95)
 * @param maxDegrees rotation drawn uniformly from [−maxDegrees, maxDegrees] (5)
 * @param brightness brightness factor drawn from [1 − b, 1 + b] (0.3)
 * @param contrast contrast factor drawn from [1 − c, 1 + c] (0.4)
 * @param saturation saturation factor drawn from [1 − s, 1 + s] (0.5)
 */
public record ImageAugmentation(double cropRatio, double maxDegrees, double brightness, double contrast, double saturation) {
  public ImageAugmentation {
    if (!(cropRatio > 0 && cropRatio <= 1)) {
      throw new IllegalArgumentException("crop_ratio must be in (0, 1], got " + cropRatio);
    }
    if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
      throw new IllegalArgumentException("max_degrees must be in [0, 180], got " + maxDegrees);
    }
    requireSpread("brightness", brightness);
    requireSpread("contrast", contrast);
    requireSpread("saturation", saturation);
  }

  private static void requireSpread(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1) (factors are drawn from [1 - it, 1 + it]), got " + value);
    }
  }

  /** ChatVLA's setting: crop 95 %, rotation ±5°, jitter brightness .3, contrast .4, saturation .5. */
  public static ImageAugmentation chatVla() {
    return new ImageAugmentation(0.95, 5, 0.3, 0.4, 0.5);
  }

  /**
   * One sample's random parameters.
   *
   * @param cropTop where the crop starts, as a fraction in [0, 1) of the free rows
   * @param cropLeft the same for columns
   * @param degrees counter-clockwise rotation
   * @param jitterOrder the order of brightness (0), contrast (1), saturation (2)
   */
  public record Params(double cropTop, double cropLeft, double degrees, double brightnessFactor, double contrastFactor,
      double saturationFactor, List<Integer> jitterOrder) {}

  /** Draws one sample's parameters from {@code rng}. */
  public Params draw(RandomGenerator rng) {
    double top = rng.nextDouble();
    double left = rng.nextDouble();
    double degrees = maxDegrees == 0 ? 0 : rng.nextDouble(-maxDegrees, maxDegrees);
    double b = factor(rng, brightness);
    double c = factor(rng, contrast);
    double s = factor(rng, saturation);
    Integer[] order = {0, 1, 2};
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      Integer t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return new Params(top, left, degrees, b, c, s, List.of(order));
  }

  private static double factor(RandomGenerator rng, double spread) {
    return spread == 0 ? 1 : rng.nextDouble(1 - spread, 1 + spread);
  }

  /** {@code image} augmented with {@code p}; the same size as the input. */
  public RgbImage apply(Params p, RgbImage image) {
    int h = image.height();
    int w = image.width();
    float[] px = cropAndResize(image, p);
    px = rotate(px, h, w, p.degrees());
    for (int op : p.jitterOrder()) {
      switch (op) {
        case 0 -> brighten(px, (float) p.brightnessFactor());
        case 1 -> blendWithMeanGray(px, (float) p.contrastFactor());
        case 2 -> blendWithGray(px, (float) p.saturationFactor());
        default -> throw new IllegalArgumentException("jitter order holds " + op + "; expected 0, 1 or 2");
      }
    }
    byte[] out = new byte[px.length];
    for (int i = 0; i < px.length; i++) {
      out[i] = (byte) Math.round(Math.clamp(px[i], 0f, 1f) * 255f);
    }
    return new RgbImage(h, w, out);
  }

  /** Crop of {@code int(side · ratio)} at the drawn offset, resized back bilinearly (PyTorch's upsample_bilinear2d). */
  private float[] cropAndResize(RgbImage image, Params p) {
    int h = image.height();
    int w = image.width();
    int ch = Math.max(1, (int) (h * cropRatio));
    int cw = Math.max(1, (int) (w * cropRatio));
    int top = (int) (p.cropTop() * (h - ch + 1));
    int left = (int) (p.cropLeft() * (w - cw + 1));
    byte[] src = image.rgb();
    float[] out = new float[h * w * 3];
    float sy = (float) ch / h;
    float sx = (float) cw / w;
    int[] x0 = new int[w];
    int[] x1 = new int[w];
    float[] lx = new float[w];
    for (int x = 0; x < w; x++) {
      float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
      x0[x] = (int) fx;
      x1[x] = x0[x] + (x0[x] < cw - 1 ? 1 : 0);
      lx[x] = fx - x0[x];
    }
    for (int y = 0; y < h; y++) {
      float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
      int y0 = (int) fy;
      int y1 = y0 + (y0 < ch - 1 ? 1 : 0);
      float ly = fy - y0;
      int r0 = ((top + y0) * w + left) * 3;
      int r1 = ((top + y1) * w + left) * 3;
      for (int x = 0; x < w; x++) {
        int a = x0[x] * 3;
        int b = x1[x] * 3;
        float wx = lx[x];
        for (int c = 0; c < 3; c++) {
          float v0 = (src[r0 + a + c] & 0xFF) * (1 - wx) + (src[r0 + b + c] & 0xFF) * wx;
          float v1 = (src[r1 + a + c] & 0xFF) * (1 - wx) + (src[r1 + b + c] & 0xFF) * wx;
          out[(y * w + x) * 3 + c] = (v0 * (1 - ly) + v1 * ly) / 255f;
        }
      }
    }
    return out;
  }

  /** Counter-clockwise rotation about the centre, nearest neighbour, zero outside (torchvision's tensor rotate). */
  private static float[] rotate(float[] px, int h, int w, double degrees) {
    if (degrees == 0) {
      return px;
    }
    double a = Math.toRadians(degrees);
    double cos = Math.cos(a);
    double sin = Math.sin(a);
    double cy = (h - 1) * 0.5;
    double cx = (w - 1) * 0.5;
    float[] out = new float[px.length];
    for (int y = 0; y < h; y++) {
      double dy = y - cy;
      for (int x = 0; x < w; x++) {
        double dx = x - cx;
        int sx = (int) Math.rint(cos * dx - sin * dy + cx);
        int sy = (int) Math.rint(sin * dx + cos * dy + cy);
        if (sx >= 0 && sx < w && sy >= 0 && sy < h) {
          System.arraycopy(px, (sy * w + sx) * 3, out, (y * w + x) * 3, 3);
        }
      }
    }
    return out;
  }

  private static void brighten(float[] px, float f) {
    for (int i = 0; i < px.length; i++) {
      px[i] = Math.clamp(px[i] * f, 0f, 1f);
    }
  }

  /** torchvision's adjust_contrast: blend with the mean of the image's grayscale. */
  private static void blendWithMeanGray(float[] px, float f) {
    double sum = 0;
    for (int i = 0; i < px.length; i += 3) {
      sum += gray(px, i);
    }
    float mean = (float) (sum / (px.length / 3));
    for (int i = 0; i < px.length; i++) {
      px[i] = Math.clamp(f * px[i] + (1 - f) * mean, 0f, 1f);
    }
  }

  /** torchvision's adjust_saturation: blend each pixel with its own grayscale value. */
  private static void blendWithGray(float[] px, float f) {
    for (int i = 0; i < px.length; i += 3) {
      float g = gray(px, i);
      for (int c = 0; c < 3; c++) {
        px[i + c] = Math.clamp(f * px[i + c] + (1 - f) * g, 0f, 1f);
      }
    }
  }

  /** ITU-R 601-2 luma, torchvision's rgb_to_grayscale weights. */
  private static float gray(float[] px, int i) {
    return 0.2989f * px[i] + 0.587f * px[i + 1] + 0.114f * px[i + 2];
  }
}
