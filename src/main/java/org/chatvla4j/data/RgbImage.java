package org.chatvla4j.data;

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
 * An 8-bit RGB image, row-major and channel-interleaved ({@code (H, W, 3)}): the layout of one frame of a DexVLA/ACT
 * camera dataset. Pixel bytes are unsigned: read them with {@link #channel} or {@code & 0xFF}.
 *
 * <p>The pixel array is not copied (frames are large); do not change it after handing it over.
 */
public record RgbImage(int height, int width, byte[] pixels) {
  public RgbImage {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image size must be positive, got height " + height + " width " + width);
    }
    long expected = 3L * height * width;
    if (pixels == null || pixels.length != expected) {
      throw new IllegalArgumentException(
          "pixels must hold height*width*3 = " + expected + " bytes for a " + height + "x" + width
              + " RGB image, got " + (pixels == null ? "null" : pixels.length));
    }
  }

  /** A black image of the given size. */
  public static RgbImage blank(int height, int width) {
    return new RgbImage(height, width, new byte[3 * height * width]);
  }

  /** The unsigned value (0..255) of channel {@code c} (0 red, 1 green, 2 blue) at row {@code y}, column {@code x}. */
  public int channel(int y, int x, int c) {
    return pixels[(y * width + x) * 3 + c] & 0xFF;
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
    return fromBufferedImage(image);
  }

  /** Converts an AWT image. Component images are read sample by sample, so gray PNGs keep their exact values. */
  public static RgbImage fromBufferedImage(BufferedImage image) {
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
    for (int i = 0; i < pixels.length; i += 3) {
      bgr[i] = pixels[i + 2];
      bgr[i + 1] = pixels[i + 1];
      bgr[i + 2] = pixels[i];
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

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage r && r.height == height && r.width == width && Arrays.equals(r.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "RgbImage[" + height + "x" + width + "]";
  }
}
