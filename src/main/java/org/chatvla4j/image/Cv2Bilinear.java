package org.chatvla4j.image;

/**
 * Port of OpenCV's {@code cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR)} for 8-bit 3-channel images
 * ({@code imgproc/src/resize.cpp}), used by ChatVLA's robot-camera path before {@code smart_resize}.
 *
 * <p>Half-pixel centres without antialiasing: source coordinate {@code (i + 0.5) · in/out − 0.5} in float32, split
 * into floor and fraction; borders clamp (fraction 0 at the first/last column; rows clamp their index). Weights are
 * 11-bit fixed point ({@code round((1 − f) · 2048)} and {@code 2048 − that}). The horizontal pass keeps the exact
 * integer sums; the vertical pass rounds as OpenCV's vector kernel {@code VResizeLinearVec_32s8u} does:
 * {@code (((S0 >> 4) · b0 >> 16) + ((S1 >> 4) · b1 >> 16) + 2) >> 2}, clamped to 0..255. Checked value for value against
 * OpenCV 4.6 (Debian build) on x86-64 (test golden), including row tails. Differences from cv2: OpenCV's scalar
 * fallback ({@code (S0 · b0 + S1 · b1 + 2^21) >> 22}) and IPP builds can differ by 1 in some pixels; exact 2×
 * downscales, which OpenCV reroutes to INTER_AREA, give the same 2×2 means here.
 */
public final class Cv2Bilinear {
  private static final int COEF_BITS = 11;
  private static final int COEF_SCALE = 1 << COEF_BITS;

  private Cv2Bilinear() {}

  /** The resized image. */
  public static RgbImage resize(RgbImage in, ImageSize out) {
    int inH = in.height();
    int inW = in.width();
    int outH = out.height();
    int outW = out.width();
    byte[] src = in.rgb();
    int[] xofs = new int[outW];
    short[] alpha = new short[outW * 2];
    double scaleX = 1.0 / ((double) outW / inW); // OpenCV stores inv_scale = out/in and inverts it
    for (int dx = 0; dx < outW; dx++) {
      float fx = (float) ((dx + 0.5) * scaleX - 0.5);
      int sx = (int) Math.floor(fx);
      fx -= sx;
      if (sx < 0) {
        fx = 0;
        sx = 0;
      }
      if (sx >= inW - 1) {
        fx = 0;
        sx = inW - 1;
      }
      xofs[dx] = sx;
      alpha[2 * dx] = toFixed(1.f - fx);
      alpha[2 * dx + 1] = (short) (COEF_SCALE - alpha[2 * dx]);
    }
    double scaleY = 1.0 / ((double) outH / inH);
    int w3 = outW * 3;
    byte[] dst = new byte[outH * w3];
    int[] row0 = new int[w3];
    int[] row1 = new int[w3];
    for (int dy = 0; dy < outH; dy++) {
      float fy = (float) ((dy + 0.5) * scaleY - 0.5);
      int sy = (int) Math.floor(fy);
      fy -= sy;
      short b0 = toFixed(1.f - fy);
      short b1 = toFixed(fy);
      horizontalRow(src, inW, Math.clamp(sy, 0, inH - 1), xofs, alpha, row0);
      horizontalRow(src, inW, Math.clamp(sy + 1, 0, inH - 1), xofs, alpha, row1);
      for (int i = 0; i < w3; i++) {
        int v = ((((row0[i] >> 4) * b0) >> 16) + (((row1[i] >> 4) * b1) >> 16) + 2) >> 2;
        dst[dy * w3 + i] = (byte) Math.clamp(v, 0, 255);
      }
    }
    return new RgbImage(outH, outW, dst);
  }

  /** OpenCV's {@code saturate_cast<short>(v · 2048)}: round half to even. */
  private static short toFixed(float v) {
    return (short) Math.rint(v * COEF_SCALE);
  }

  private static void horizontalRow(byte[] src, int inW, int sy, int[] xofs, short[] alpha, int[] out) {
    int row = sy * inW * 3;
    for (int dx = 0; dx < xofs.length; dx++) {
      int sx = xofs[dx];
      int sx1 = Math.min(sx + 1, inW - 1); // only reached with weight 0 at the right border
      for (int c = 0; c < 3; c++) {
        out[dx * 3 + c] = (src[row + sx * 3 + c] & 0xFF) * alpha[2 * dx] + (src[row + sx1 * 3 + c] & 0xFF) * alpha[2 * dx + 1];
      }
    }
  }
}
