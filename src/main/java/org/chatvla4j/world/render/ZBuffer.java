package org.chatvla4j.world.render;

/**
 * A scanline polygon filler with a depth test. Polygons may be concave (even-odd rule); a pixel is covered when its
 * centre lies inside, with half-open spans [x0, x1) and rows so that faces sharing an edge neither overlap nor leave
 * gaps. The depth key is affine in (u, v) over a face; a pixel is written when the face's key is strictly larger.
 */
final class ZBuffer {
  private final int width;
  private final int height;
  private final float[] key;
  private final double[] crossings;

  ZBuffer(ImageSize size, int maxPolygonVertices) {
    this.width = size.width();
    this.height = size.height();
    this.key = new float[size.pixels()];
    this.crossings = new double[maxPolygonVertices + 2];
  }

  void reset(float[] background) {
    System.arraycopy(background, 0, key, 0, key.length);
  }

  /** Fills polygon (u[i], v[i]), i < n, with color where a·u + b·v + c beats the stored key. */
  void fill(int[] rgb, double[] u, double[] v, int n, double a, double b, double c, int color) {
    double vMin = Double.POSITIVE_INFINITY;
    double vMax = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      vMin = Math.min(vMin, v[i]);
      vMax = Math.max(vMax, v[i]);
    }
    int row0 = Math.max(0, (int) Math.ceil(vMin - 0.5));
    int row1 = Math.min(height - 1, (int) Math.ceil(vMax - 0.5) - 1);
    for (int row = row0; row <= row1; row++) {
      double yc = row + 0.5;
      int count = 0;
      for (int i = 0; i < n; i++) {
        int j = i + 1 == n ? 0 : i + 1;
        double u0 = u[i], v0 = v[i], u1 = u[j], v1 = v[j];
        if ((v0 <= yc) == (v1 <= yc)) {
          continue;
        }
        // Walk each edge from its upper end so an edge shared by two faces yields bit-identical crossings.
        if (v0 > v1) {
          double t = u0;
          u0 = u1;
          u1 = t;
          t = v0;
          v0 = v1;
          v1 = t;
        }
        double x = u0 + (yc - v0) * (u1 - u0) / (v1 - v0);
        int k = count++;
        while (k > 0 && crossings[k - 1] > x) {
          crossings[k] = crossings[k - 1];
          k--;
        }
        crossings[k] = x;
      }
      double rowKey = b * yc + c;
      int base = row * width;
      for (int k = 0; k + 1 < count; k += 2) {
        int col0 = Math.max(0, (int) Math.ceil(crossings[k] - 0.5));
        int col1 = Math.min(width - 1, (int) Math.ceil(crossings[k + 1] - 0.5) - 1);
        for (int col = col0; col <= col1; col++) {
          float z = (float) (a * (col + 0.5) + rowKey);
          int p = base + col;
          if (z > key[p]) {
            key[p] = z;
            rgb[p] = color;
          }
        }
      }
    }
  }
}
