package org.chatvla4j.image;

/** A height × width in pixels (both > 0). */
public record ImageSize(int height, int width) {
  public ImageSize {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image size must be positive, got height=" + height + " width=" + width);
    }
  }

  public long pixels() {
    return (long) height * width;
  }

  @Override
  public String toString() {
    return height + "×" + width;
  }
}
