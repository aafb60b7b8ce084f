package org.chatvla4j.image;

/**
 * Cuts normalised frames into the vision tower's patch rows, in the element order of transformers'
 * {@code Qwen2VLImageProcessor}: the frames {@code [T, C, H, W]} are viewed as
 * {@code [gt, tp, C, gh/m, m, p, gw/m, m, p]}, transposed to {@code (0, 3, 6, 4, 7, 2, 1, 5, 8)} and flattened to
 * {@code [gt·gh·gw, C·tp·p·p]}. So rows run over frame groups, then m×m merge windows row-major, then the patches inside
 * a window row-major; within a row the order is channel, frame, pixel row, pixel column.
 */
public final class Patchify {
  private Patchify() {}

  /**
   * @param frames T frames, each planar {@code [C, H, W]} float32; T a multiple of {@code temporalPatchSize}
   * @return {@code [gt·gh·gw · C·tp·p·p]} row-major
   */
  public static float[] patchRows(float[][] frames, int channels, int height, int width, int temporalPatchSize,
      int patchSize, int mergeSize) {
    int tp = temporalPatchSize;
    int p = patchSize;
    int m = mergeSize;
    if (frames.length == 0 || frames.length % tp != 0) {
      throw new IllegalArgumentException("frame count " + frames.length + " must be a positive multiple of temporal_patch_size " + tp);
    }
    int side = p * m;
    if (height % side != 0 || width % side != 0) {
      throw new IllegalArgumentException("image " + height + "×" + width + " must have sides divisible by patch·merge = " + side);
    }
    for (int f = 0; f < frames.length; f++) {
      if (frames[f].length != channels * height * width) {
        throw new IllegalArgumentException("frame " + f + " has " + frames[f].length + " values, expected C·H·W = " + channels * height * width);
      }
    }
    int gt = frames.length / tp;
    int gh = height / p;
    int gw = width / p;
    int rowLen = channels * tp * p * p;
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(gt * gh, gw), rowLen)];
    int o = 0;
    for (int t = 0; t < gt; t++) {
      for (int hb = 0; hb < gh / m; hb++) {
        for (int wb = 0; wb < gw / m; wb++) {
          for (int mh = 0; mh < m; mh++) {
            for (int mw = 0; mw < m; mw++) {
              int y0 = (hb * m + mh) * p;
              int x0 = (wb * m + mw) * p;
              for (int c = 0; c < channels; c++) {
                for (int f = 0; f < tp; f++) {
                  float[] frame = frames[t * tp + f];
                  for (int py = 0; py < p; py++) {
                    int src = (c * height + y0 + py) * width + x0;
                    System.arraycopy(frame, src, out, o, p);
                    o += p;
                  }
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The patch rows of one still image repeated to {@code temporalPatchSize} frames (what the processor does with a
   * photo), read straight from its 8-bit pixels: {@code lut[c · 256 + v]} is the normalised value of byte {@code v} in
   * channel {@code c}. The same values in the same order as normalising to planar floats and calling
   * {@link #patchRows(float[][], int, int, int, int, int, int)} with the frame repeated, without the two intermediate
   * full-size float arrays: each value is looked up once and the repeated frames are copies of it.
   *
   * @param out receives {@code (H/p)·(W/p)} rows of {@code 3·tp·p·p} values from {@code offset} on
   * @return the number of values written
   */
  public static int stillImageRows(RgbImage image, float[] lut, int temporalPatchSize, int patchSize, int mergeSize,
      float[] out, int offset) {
    int tp = temporalPatchSize;
    int p = patchSize;
    int m = mergeSize;
    int height = image.height();
    int width = image.width();
    int side = p * m;
    if (height % side != 0 || width % side != 0) {
      throw new IllegalArgumentException("image " + height + "×" + width + " must have sides divisible by patch·merge = " + side);
    }
    if (lut.length != 3 * 256) {
      throw new IllegalArgumentException("the lookup table needs 3·256 values (one per channel and byte), got " + lut.length);
    }
    int count = Math.multiplyExact(height / p * (width / p), 3 * tp * p * p);
    if (offset < 0 || out.length - offset < count) {
      throw new IllegalArgumentException("the output holds " + out.length + " values; " + count + " are written from " + offset);
    }
    byte[] rgb = image.rgb();
    int pp = p * p;
    int o = offset;
    for (int hb = 0; hb < height / side; hb++) {
      for (int wb = 0; wb < width / side; wb++) {
        for (int mh = 0; mh < m; mh++) {
          for (int mw = 0; mw < m; mw++) {
            int y0 = (hb * m + mh) * p;
            int x0 = (wb * m + mw) * p;
            for (int c = 0; c < 3; c++) {
              int block = o;
              int table = c * 256;
              for (int py = 0; py < p; py++) {
                int src = ((y0 + py) * width + x0) * 3 + c;
                for (int px = 0; px < p; px++, src += 3) {
                  out[o++] = lut[table + (rgb[src] & 0xFF)];
                }
              }
              for (int f = 1; f < tp; f++) {
                System.arraycopy(out, block, out, o, pp);
                o += pp;
              }
            }
          }
        }
      }
    }
    return o - offset;
  }
}
