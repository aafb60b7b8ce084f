package org.chatvla4j.world.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.Objects;

/**
 * An 8-bit RGB image, row-major, one {@code 0xRRGGBB} int per pixel. Renderers write into it in place so a recording
 * loop can reuse one frame; {@link #copyHwcBytes} gives the observation layout (H × W × 3 bytes).
 */
public final class RgbFrame {
  private final ImageSize size;
  private final int[] pixels;

  public RgbFrame(ImageSize size) {
    this.size = Objects.requireNonNull(size, "size");
    this.pixels = new int[size.pixels()];
  }

  public ImageSize size() {
    return size;
  }

  public int height() {
    return size.height();
  }

  public int width() {
    return size.width();
  }

  /** The {@code 0xRRGGBB} value at (row, col); the error names the size when out of range. */
  public int rgbAt(int row, int col) {
    if (row < 0 || row >= size.height() || col < 0 || col >= size.width()) {
      throw new IndexOutOfBoundsException(
          "pixel (row " + row + ", col " + col + ") is outside " + size.height() + " × " + size.width());
    }
    return pixels[row * size.width() + col];
  }

  /** The backing array; renderers in this package write it directly. */
  int[] pixels() {
    return pixels;
  }

  /** A copy of all pixels, row-major {@code 0xRRGGBB}. */
  public int[] toPackedArray() {
    return pixels.clone();
  }

  /** Writes the pixels as H × W × 3 bytes (R, G, B) into {@code dst}, which must hold exactly that many. */
  public void copyHwcBytes(byte[] dst) {
    if (dst.length != pixels.length * 3) {
      throw new IllegalArgumentException(
          "destination holds " + dst.length + " bytes, an " + size.height() + " × " + size.width()
              + " × 3 frame needs " + pixels.length * 3);
    }
    for (int i = 0, o = 0; i < pixels.length; i++, o += 3) {
      int p = pixels[i];
      dst[o] = (byte) (p >>> 16);
      dst[o + 1] = (byte) (p >>> 8);
      dst[o + 2] = (byte) p;
    }
  }

  public byte[] toHwcBytes() {
    byte[] out = new byte[pixels.length * 3];
    copyHwcBytes(out);
    return out;
  }

  /** A fresh {@code TYPE_INT_RGB} image holding a copy of the pixels. */
  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
    int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(pixels, 0, data, 0, pixels.length);
    return image;
  }

  /** Reads any image into a frame of its size (alpha dropped). */
  public static RgbFrame fromBufferedImage(BufferedImage image) {
    RgbFrame frame = new RgbFrame(new ImageSize(image.getHeight(), image.getWidth()));
    image.getRGB(0, 0, image.getWidth(), image.getHeight(), frame.pixels, 0, image.getWidth());
    for (int i = 0; i < frame.pixels.length; i++) {
      frame.pixels[i] &= 0xFFFFFF;
    }
    return frame;
  }

  /** Whether both frames have the same size and identical pixels. */
  public boolean samePixels(RgbFrame other) {
    return size.equals(other.size) && Arrays.equals(pixels, other.pixels);
  }
}
