package org.chatvla4j.cli;

import org.chatvla4j.world.render.ImageSize;

/** Parses {@code HxW} image sizes from the command line. */
final class ImageSizes {
  private ImageSizes() {}

  static ImageSize parse(String text, String option) {
    String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (parts.length == 2) {
        return new ImageSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(option + " must be HEIGHTxWIDTH in pixels, e.g. 180x320; got '" + text + "'");
  }
}
