package org.chatvla4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * PIL bicubic and cv2 bilinear: closed-form cases, an independent per-pixel re-implementation of Pillow's algorithm,
 * and golden outputs of real Pillow 9.4 / OpenCV 4.6 ({@code resample_golden.json}, generator
 * {@code make_resample_golden.py} beside it).
 */
class ResampleTest {
  /** The synthetic pattern of make_resample_golden.py. */
  static RgbImage pattern(int h, int w) {
    return RgbImage.generate(h, w, (y, x, c) -> (y * 37 + x * 11 + c * 71 + ((x * y) % 13) * 5 + (x / 3) * 40 * (c == 1 ? 1 : 0)) % 256);
  }

  @Test
  void constantImagesStayConstant() {
    RgbImage flat = RgbImage.generate(13, 17, (y, x, c) -> 50 + 70 * c);
    for (ImageSize out : new ImageSize[] {new ImageSize(5, 6), new ImageSize(40, 33), new ImageSize(13, 4)}) {
      RgbImage a = PilBicubic.resize(flat, out);
      RgbImage b = Cv2Bilinear.resize(flat, out);
      for (int y = 0; y < out.height(); y++) {
        for (int x = 0; x < out.width(); x++) {
          for (int c = 0; c < 3; c++) {
            assertEquals(50 + 70 * c, a.get(y, x, c));
            assertEquals(50 + 70 * c, b.get(y, x, c));
          }
        }
      }
    }
  }

  @Test
  void twoTimesDownscaleOfARampAveragesPairs() {
    // Bilinear at exactly 1/2: each output is the rounded mean of a 2×2 block: ramp 10x -> (10·2x + 10·(2x+1)) / 2.
    RgbImage ramp = RgbImage.generate(4, 16, (y, x, c) -> 10 * x);
    RgbImage half = Cv2Bilinear.resize(ramp, new ImageSize(2, 8));
    for (int x = 0; x < 8; x++) {
      assertEquals(20 * x + 5, half.get(0, x, 0));
    }
    // Pillow keeps a linear ramp linear away from the borders: the antialiased cubic is symmetric, so the weights'
    // first moment is the sample centre: output x sits at input (x + 0.5)·2 − 0.5 = 2x + 0.5 -> 10·(2x + 0.5).
    RgbImage pil = PilBicubic.resize(ramp, new ImageSize(4, 8));
    for (int x = 2; x < 6; x++) {
      assertEquals(20 * x + 5, pil.get(1, x, 0), "x=" + x);
    }
  }

  /** Pillow's algorithm written out per output pixel, without shared tables (and the intermediate uint8 pass). */
  private static int[] naivePil(RgbImage in, int oh, int ow) {
    int[][] tmp = new int[in.height()][ow * 3];
    for (int y = 0; y < in.height(); y++) {
      for (int x = 0; x < ow; x++) {
        int[] w = weights(in.width(), ow, x);
        int x0 = w[0];
        for (int c = 0; c < 3; c++) {
          long acc = 1 << 21;
          for (int k = 1; k < w.length; k++) {
            acc += (long) in.get(y, x0 + k - 1, c) * w[k];
          }
          tmp[y][x * 3 + c] = (int) Math.max(0, Math.min(255, acc >> 22));
        }
      }
    }
    int[] out = new int[oh * ow * 3];
    for (int y = 0; y < oh; y++) {
      int[] w = weights(in.height(), oh, y);
      for (int i = 0; i < ow * 3; i++) {
        long acc = 1 << 21;
        for (int k = 1; k < w.length; k++) {
          acc += (long) tmp[w[0] + k - 1][i] * w[k];
        }
        out[y * ow * 3 + i] = (int) Math.max(0, Math.min(255, acc >> 22));
      }
    }
    return out;
  }

  /** {first index, fixed-point weights...} for output index {@code o}. */
  private static int[] weights(int in, int out, int o) {
    double scale = (double) in / out;
    double fs = Math.max(1, scale);
    double center = (o + 0.5) * scale;
    int lo = Math.max(0, (int) (center - 2 * fs + 0.5));
    int hi = Math.min(in, (int) (center + 2 * fs + 0.5));
    double[] w = new double[hi - lo];
    double sum = 0;
    for (int i = lo; i < hi; i++) {
      double t = Math.abs((i - center + 0.5) / fs);
      w[i - lo] = t < 1 ? 1.5 * t * t * t - 2.5 * t * t + 1 : t < 2 ? -0.5 * t * t * t + 2.5 * t * t - 4 * t + 2 : 0;
      sum += w[i - lo];
    }
    int[] r = new int[w.length + 1];
    r[0] = lo;
    for (int i = 0; i < w.length; i++) {
      r[i + 1] = (int) Math.round(w[i] / sum * (1 << 22)); // half away from zero differs only on exact .5 negatives
    }
    return r;
  }

  @Test
  void pilBicubicMatchesAnIndependentImplementation() {
    SplittableRandom r = new SplittableRandom(11);
    RgbImage img = RgbImage.generate(23, 31, (y, x, c) -> r.nextInt(256));
    int[][] sizes = {{7, 9}, {40, 50}, {23, 12}, {60, 31}, {11, 64}};
    int mismatches = 0;
    int total = 0;
    for (int[] s : sizes) {
      RgbImage got = PilBicubic.resize(img, new ImageSize(s[0], s[1]));
      int[] ref = naivePil(img, s[0], s[1]);
      for (int i = 0; i < ref.length; i++) {
        total++;
        if ((got.rgb()[i] & 0xFF) != ref[i]) {
          mismatches++;
        }
      }
    }
    assertEquals(0, mismatches, "of " + total + " values");
  }

  @Test
  void pilBicubicMatchesTheIndependentImplementationAtCameraSizes() {
    SplittableRandom r = new SplittableRandom(12);
    // The tabletop camera's and the demo's frames to their smart_resize sizes (down in both sides; down and up).
    int[][] cases = {{180, 320, 168, 308}, {90, 160, 84, 168}};
    for (int[] c : cases) {
      RgbImage img = RgbImage.generate(c[0], c[1], (y, x, ch) -> (x * 3 + y * 5) % 200 + r.nextInt(56));
      byte[] got = PilBicubic.resize(img, new ImageSize(c[2], c[3])).rgb();
      int[] ref = naivePil(img, c[2], c[3]);
      for (int i = 0; i < ref.length; i++) {
        assertEquals(ref[i], got[i] & 0xFF, c[0] + "x" + c[1] + " value " + i);
      }
    }
  }

  @Test
  void matchesRealPillowAndOpenCv() throws IOException {
    JsonNode root;
    try (InputStream in = ResampleTest.class.getResourceAsStream("resample_golden.json")) {
      root = new ObjectMapper().readTree(in);
    }
    int cases = 0;
    for (JsonNode c : root.get("cases")) {
      RgbImage src = pattern(c.get("in").get(0).asInt(), c.get("in").get(1).asInt());
      ImageSize out = new ImageSize(c.get("out").get(0).asInt(), c.get("out").get(1).asInt());
      boolean pillow = c.get("library").asText().equals("pillow");
      RgbImage got = pillow ? PilBicubic.resize(src, out) : Cv2Bilinear.resize(src, out);
      JsonNode rgb = c.get("rgb");
      assertEquals(rgb.size(), got.rgb().length);
      int diff = 0;
      int maxAbs = 0;
      for (int i = 0; i < rgb.size(); i++) {
        int d = Math.abs(rgb.get(i).asInt() - (got.rgb()[i] & 0xFF));
        diff += d == 0 ? 0 : 1;
        maxAbs = Math.max(maxAbs, d);
      }
      assertEquals(0, diff, c.get("library").asText() + " " + src.size() + " -> " + out + ": " + diff + " values differ, max |Δ| " + maxAbs);
      cases++;
    }
    assertEquals(10, cases);
  }
}
