package org.chatvla4j.world.render;

/**
 * A single directional light with an ambient term: {@code shade(n) = ambient + (1 − ambient) · max(0, n·l) / l_z}
 * for the unit light direction l. The division by {@code l_z} makes an upward face (a block's top) shade exactly 1, so
 * top faces show the reference URDF colors unchanged while walls darken with their angle to the light; a chamfer
 * tilted towards the light shades a little above 1 (brighter, clipped at 255 per channel), so it never takes the top
 * face's exact color.
 */
public record Lighting(double ambient, double towardLightX, double towardLightY, double towardLightZ) {
  public Lighting {
    if (!(ambient >= 0 && ambient <= 1)) {
      throw new IllegalArgumentException("lighting ambient must be in [0, 1], got " + ambient);
    }
    if (!(towardLightZ > 0) || !Double.isFinite(towardLightX) || !Double.isFinite(towardLightY)
        || !Double.isFinite(towardLightZ)) {
      throw new IllegalArgumentException(
          "lighting direction must be finite and point up (towardLightZ > 0), got ("
              + towardLightX + ", " + towardLightY + ", " + towardLightZ + ")");
    }
  }

  /** Light from above, leaning towards the camera and the image left, so the walls facing the camera stay readable. */
  public static Lighting tabletop() {
    return new Lighting(0.45, 0.4, -0.25, 1.0);
  }

  /** The shade factor in [ambient, 1 / l_z] for a unit normal; 1 for an upward face. */
  public double shade(double nx, double ny, double nz) {
    double len = Math.sqrt(towardLightX * towardLightX + towardLightY * towardLightY + towardLightZ * towardLightZ);
    double cos = (nx * towardLightX + ny * towardLightY + nz * towardLightZ) / len;
    double lz = towardLightZ / len;
    return ambient + (1 - ambient) * Math.max(0.0, cos) / lz;
  }
}
