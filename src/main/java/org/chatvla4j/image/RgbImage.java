package org.chatvla4j.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/**
 * An 8-bit RGB image stored row-major as {@code [H, W, 3]} bytes (unsigned): the layout of a numpy {@code uint8} image,
 * of PIL's RGB bands and of one frame of a DexVLA/ACT camera dataset. The one image type of the project (processor,
 * episode files, world recordings). The byte array is not copied (frames are large); do not change it after handing it
 * over.
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

  /** A black image of the given size. */
  public static RgbImage blank(int height, int width) {
    return new RgbImage(height, width, new byte[3 * height * width]);
  }

  /** Decodes a PNG or JPEG (or any format ImageIO reads) into RGB; grayscale is replicated, alpha dropped. */
  public static RgbImage decode(byte[] encoded) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException e) {
      throw new IllegalArgumentException("the bytes are not a readable image: " + e.getMessage(), e);
    }
    if (image == null) {
      String head = HexFormat.ofDelimiter(" ").formatHex(encoded, 0, Math.min(8, encoded.length));
      throw new IllegalArgumentException(
          "the bytes are not an image format ImageIO knows (" + encoded.length + " bytes starting " + head + ")");
    }
    return of(image);
  }

  /** Converts an AWT image. Component images are read sample by sample, so gray PNGs keep their exact values. */
  public static RgbImage of(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    byte[] out = new byte[3 * h * w];
    ColorModel cm = image.getColorModel();
    // getRGB converts through the colour model, which changes gray values (linear gray to sRGB); reading raw samples
    // keeps them. Palette and exotic colour spaces go through getRGB, where that conversion is what we want.
    boolean rawSamples =
        cm instanceof ComponentColorModel
            && (cm.getColorSpace().isCS_sRGB() || cm.getNumColorComponents() == 1)
            && cm.getComponentSize(0) <= 16;
    if (rawSamples) {
      Raster raster = image.getRaster();
      int colours = cm.getNumColorComponents();
      int shift = cm.getComponentSize(0) - 8;
      int[] px = new int[raster.getNumBands()];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          raster.getPixel(x, y, px);
          int o = (y * w + x) * 3;
          for (int c = 0; c < 3; c++) {
            int v = px[colours == 1 ? 0 : c];
            out[o + c] = (byte) (shift > 0 ? v >>> shift : v);
          }
        }
      }
    } else {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int argb = image.getRGB(x, y);
          int o = (y * w + x) * 3;
          out[o] = (byte) (argb >>> 16);
          out[o + 1] = (byte) (argb >>> 8);
          out[o + 2] = (byte) argb;
        }
      }
    }
    return new RgbImage(h, w, out);
  }

  /** This image as a {@code TYPE_3BYTE_BGR} AWT image (a copy). */
  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    return image;
  }

  /** Lossless PNG bytes; the same image always gives the same bytes. */
  public byte[] encodePng() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(toBufferedImage(), "png", out)) {
        throw new IllegalStateException("this JVM has no PNG writer for ImageIO");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
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

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage r && r.height == height && r.width == width && Arrays.equals(r.rgb, rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + height + "x" + width + "]";
  }
  /** A pixel generator for {@link #generate}. */
  @FunctionalInterface
  public interface PixelFunction {
    int value(int y, int x, int channel);
  }
}
