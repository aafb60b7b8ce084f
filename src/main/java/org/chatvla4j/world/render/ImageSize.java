package org.chatvla4j.world.render;

/** The pixel size of a rendered image, height first as in the observation's {@code rgb} array (H × W × 3). */
public record ImageSize(int height, int width) {
  /** Side limit that keeps {@code height · width} and the byte buffers well inside {@code int} range. */
  public static final int MAX_SIDE = 8192;

  public ImageSize {
    if (height <= 0 || height > MAX_SIDE) {
      throw new IllegalArgumentException(
          "image height must be in [1, " + MAX_SIDE + "], got " + height + " (Language-Table renders 180)");
    }
    if (width <= 0 || width > MAX_SIDE) {
      throw new IllegalArgumentException(
          "image width must be in [1, " + MAX_SIDE + "], got " + width + " (Language-Table renders 320)");
    }
  }

  /** Language-Table's observation size, 180 × 320. */
  public static ImageSize languageTable() {
    return new ImageSize(180, 320);
  }

  public int pixels() {
    return height * width;
  }
}
