package org.chatvla4j.image;

import java.awt.image.BufferedImage;

/**
 * An 8-bit RGB image stored row-major as {@code [H, W, 3]} bytes (unsigned), the layout of a numpy {@code uint8}
 * image and of PIL's RGB bands.
 *
 * @param height rows
 * @param width columns
 * @param rgb {@code height · width · 3} bytes, read as unsigned
 */
public record RgbImage(int height, int width, byte[] rgb) {
  public RgbImage {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image must have a positive size, got height=" + height + " width=" + width);
    }
    if (rgb == null || rgb.length != (long) height * width * 3) {
      throw new IllegalArgumentException("RGB buffer for " + height + "×" + width + " must hold " + (long) height * width * 3
          + " bytes, got " + (rgb == null ? "null" : rgb.length));
    }
  }

  /** Copies the pixels of {@code image} (any type; alpha is dropped, as PIL's {@code convert("RGB")} does). */
  public static RgbImage of(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    if (h <= 0 || w <= 0) {
      throw new IllegalArgumentException("image must have a positive size, got height=" + h + " width=" + w);
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    byte[] out = new byte[h * w * 3];
    for (int i = 0; i < argb.length; i++) {
      out[3 * i] = (byte) (argb[i] >> 16);
      out[3 * i + 1] = (byte) (argb[i] >> 8);
      out[3 * i + 2] = (byte) argb[i];
    }
    return new RgbImage(h, w, out);
  }

  /** An image filled by {@code f(y, x, channel)} (values are clamped to 0..255); handy for synthetic inputs. */
  public static RgbImage generate(int height, int width, PixelFunction f) {
    byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(height, width), 3)];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          out[(y * width + x) * 3 + c] = (byte) Math.clamp(f.value(y, x, c), 0, 255);
        }
      }
    }
    return new RgbImage(height, width, out);
  }

  /** The unsigned value at row {@code y}, column {@code x}, channel {@code c}. */
  public int get(int y, int x, int c) {
    return rgb[(y * width + x) * 3 + c] & 0xFF;
  }

  public ImageSize size() {
    return new ImageSize(height, width);
  }

  /** A {@code TYPE_INT_RGB} copy. */
  public BufferedImage toBufferedImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, (get(y, x, 0) << 16) | (get(y, x, 1) << 8) | get(y, x, 2));
      }
    }
    return img;
  }

  /** A pixel generator for {@link #generate}. */
  @FunctionalInterface
  public interface PixelFunction {
    int value(int y, int x, int channel);
  }
}
