package org.chatvla4j.world.render;

import org.chatvla4j.world.BlockColor;

/** A linear RGB color with components in [0, 1], as URDF {@code rgba} values are written. */
public record Rgb(double r, double g, double b) {
  public Rgb {
    check("r", r);
    check("g", g);
    check("b", b);
  }

  private static void check(String field, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException("color component " + field + " must be in [0, 1], got " + v);
    }
  }

  public static Rgb grey(double v) {
    return new Rgb(v, v, v);
  }

  public static Rgb of(BlockColor color) {
    double[] c = color.rgb();
    return new Rgb(c[0], c[1], c[2]);
  }

  /** This color scaled by a Lambert shade factor, packed as {@code 0xRRGGBB} with rounding to the nearest byte. */
  public int packedShaded(double shade) {
    return (toByte(r * shade) << 16) | (toByte(g * shade) << 8) | toByte(b * shade);
  }

  public int packed() {
    return packedShaded(1.0);
  }

  static int toByte(double v) {
    long q = Math.round(v * 255.0);
    return (int) Math.max(0, Math.min(255, q));
  }
}
