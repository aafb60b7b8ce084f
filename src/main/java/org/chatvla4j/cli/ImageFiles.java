package org.chatvla4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.image.SmartResize;

/** Reads the images users pass on the command line, refusing the ones the model cannot take with the file and the limit. */
final class ImageFiles {
  /**
   * Larger images are refused before decoding: decoding needs 7 bytes a pixel (ARGB ints, then RGB bytes), 700 MB at
   * this limit, and the processor scales everything down to at most 12.8 megapixels anyway.
   */
  static final long MAX_PIXELS = 100_000_000L;

  private ImageFiles() {}

  /** The image in {@code file}, checked against the pixel limit and {@code bounds} (aspect ratio ≤ 200, at least one token). */
  static RgbImage read(Path file, SmartResize bounds) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("image " + file + " does not exist or is not a file");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IOException("image " + file + " is not in a format Java can read (PNG, JPEG, BMP, GIF, WBMP)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if ((long) w * h > MAX_PIXELS) {
          throw new IOException("image " + file + " is " + w + "×" + h + " = " + ((long) w * h) + " pixels, more than the limit of "
              + MAX_PIXELS + "; scale it down first");
        }
        try {
          bounds.targetSize(h, w);
        } catch (IllegalArgumentException e) {
          throw new IOException("image " + file + ": " + e.getMessage(), e);
        }
        BufferedImage img = reader.read(0);
        return RgbImage.of(img);
      } finally {
        reader.dispose();
      }
    }
  }
}
