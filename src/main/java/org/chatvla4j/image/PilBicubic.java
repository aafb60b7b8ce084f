package org.chatvla4j.image;

/**
 * Port of Pillow's {@code Image.resize(size, Image.BICUBIC)} for 8-bit RGB ({@code libImaging/Resample.c}), which is
 * what Qwen2-VL's processor and {@code qwen_vl_utils} use.
 *
 * <p>Separable and antialiased: when downscaling by s, the cubic kernel (a = −0.5, support 2) is stretched to support
 * 2s. Per output sample the taps are {@code filter((x + xmin − center + 0.5) / s)} with {@code center = (i + 0.5) · in/out},
 * normalised to sum 1, then turned into 22-bit fixed point (rounded half away from zero). The horizontal pass runs
 * first and is rounded and clamped to uint8 before the vertical pass, as Pillow does; each pass adds {@code 2^21} and
 * shifts right by 22 (round half up), clamping to 0..255. Same size in and out returns a copy (Pillow returns
 * {@code self.copy()}). Differences from Pillow: none known for full-image boxes without {@code reducing_gap} (Pillow's
 * default); Pillow restricts the horizontal pass to the rows the vertical pass reads, which changes no value.
 */
public final class PilBicubic {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double A = -0.5;
  private static final double SUPPORT = 2.0;
  /** The rounding term every fixed-point sum starts from (round half up before the shift). */
  private static final int HALF = 1 << (PRECISION_BITS - 1);

  private PilBicubic() {}

  /** The resized image. */
  public static RgbImage resize(RgbImage in, ImageSize out) {
    int inH = in.height();
    int inW = in.width();
    int outH = out.height();
    int outW = out.width();
    if (inH == outH && inW == outW) {
      return new RgbImage(inH, inW, in.rgb().clone());
    }
    byte[] src = in.rgb();
    int rowsW = inW;
    if (outW != inW) {
      src = horizontal(src, inH, inW, outW);
      rowsW = outW;
    }
    if (outH != inH) {
      src = vertical(src, inH, rowsW, outH);
    }
    return new RgbImage(outH, outW, src);
  }

  /** Pillow's {@code bicubic_filter} with a = −0.5. */
  static double filter(double x) {
    if (x < 0.0) {
      x = -x;
    }
    if (x < 1.0) {
      return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * A;
    }
    return 0.0;
  }

  /**
   * Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}: for every output index its first input
   * index, tap count and fixed-point taps.
   */
  static Taps taps(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = SUPPORT * filterScale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] first = new int[outSize];
    int[] count = new int[outSize];
    int[] fixed = new int[outSize * ksize];
    double[] k = new double[ksize];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      double ss = 1.0 / filterScale;
      int xmin = (int) (center - support + 0.5); // C truncation; negative values clamp to 0 next
      if (xmin < 0) {
        xmin = 0;
      }
      int xmax = (int) (center + support + 0.5);
      if (xmax > inSize) {
        xmax = inSize;
      }
      xmax -= xmin;
      double ww = 0.0;
      for (int x = 0; x < xmax; x++) {
        double w = filter((x + xmin - center + 0.5) * ss);
        k[x] = w;
        ww += w;
      }
      for (int x = 0; x < xmax; x++) {
        double w = ww != 0.0 ? k[x] / ww : k[x];
        fixed[xx * ksize + x] = w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS)) : (int) (0.5 + w * (1 << PRECISION_BITS));
      }
      first[xx] = xmin;
      count[xx] = xmax;
    }
    return new Taps(ksize, first, count, fixed);
  }

  /** Per output pixel, the three channels accumulate together: one pass over the taps instead of three. */
  private static byte[] horizontal(byte[] src, int h, int inW, int outW) {
    Taps t = taps(inW, outW);
    byte[] dst = new byte[h * outW * 3];
    for (int y = 0; y < h; y++) {
      int rowIn = y * inW * 3;
      int rowOut = y * outW * 3;
      for (int xx = 0; xx < outW; xx++) {
        int s = rowIn + t.first[xx] * 3;
        int base = xx * t.ksize;
        int n = t.count[xx];
        int ss0 = HALF;
        int ss1 = HALF;
        int ss2 = HALF;
        for (int x = 0; x < n; x++, s += 3) {
          int k = t.fixed[base + x];
          ss0 += (src[s] & 0xFF) * k;
          ss1 += (src[s + 1] & 0xFF) * k;
          ss2 += (src[s + 2] & 0xFF) * k;
        }
        int o = rowOut + xx * 3;
        dst[o] = clip8(ss0);
        dst[o + 1] = clip8(ss1);
        dst[o + 2] = clip8(ss2);
      }
    }
    return dst;
  }

  /**
   * Row at a time: each input row of the window is added, times its tap, into one accumulator row. The integer sums
   * are the same as Pillow's per-pixel loop (integer addition does not depend on order); this order streams memory.
   */
  private static byte[] vertical(byte[] src, int inH, int w, int outH) {
    Taps t = taps(inH, outH);
    int w3 = w * 3;
    byte[] dst = new byte[outH * w3];
    int[] acc = new int[w3];
    for (int yy = 0; yy < outH; yy++) {
      java.util.Arrays.fill(acc, HALF);
      int base = yy * t.ksize;
      for (int y = 0; y < t.count[yy]; y++) {
        int k = t.fixed[base + y];
        int row = (y + t.first[yy]) * w3;
        for (int i = 0; i < w3; i++) {
          acc[i] += (src[row + i] & 0xFF) * k;
        }
      }
      int o = yy * w3;
      for (int i = 0; i < w3; i++) {
        dst[o + i] = clip8(acc[i]);
      }
    }
    return dst;
  }

  /** Pillow's {@code clip8}: the fixed-point sum shifted down and clamped to 0..255. */
  private static byte clip8(int ss) {
    return (byte) Math.clamp(ss >> PRECISION_BITS, 0, 255);
  }

  /** Per output index: first input index, tap count, and {@code ksize} fixed-point taps (row-major). */
  record Taps(int ksize, int[] first, int[] count, int[] fixed) {}
}
