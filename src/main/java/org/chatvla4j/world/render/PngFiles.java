package org.chatvla4j.world.render;

import org.chatvla4j.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG files of frames: byte-deterministic encoding, atomic writes, and reading back through ImageIO. */
public final class PngFiles {
  private PngFiles() {}

  /** The PNG bytes of a frame (8-bit RGB, see {@link PngEncoder}). */
  public static byte[] encode(RgbFrame frame) {
    return PngEncoder.encode(frame);
  }

  /** Writes the frame as a PNG at {@code target} (temporary sibling + rename; parent directories are created). */
  public static void write(RgbFrame frame, Path target) throws IOException {
    byte[] bytes = encode(frame);
    try {
      AtomicFiles.write(target, bytes);
    } catch (java.io.UncheckedIOException e) {
      throw new IOException(e.getMessage(), e.getCause());
    }
  }

  /** Reads a PNG (or any ImageIO format) into a frame; the error names the file when it is not an image. */
  public static RgbFrame read(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IOException(file + " is not an image ImageIO can read");
    }
    return RgbFrame.fromBufferedImage(image);
  }
}
