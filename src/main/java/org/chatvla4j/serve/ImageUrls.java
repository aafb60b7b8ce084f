package org.chatvla4j.serve;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.chatvla4j.image.RgbImage;

/**
 * Reads the images of OpenAI {@code image_url} parts: {@code data:image/...;base64,...} URLs always, {@code file://}
 * URLs only below the directory the server was started with ({@code --files}); the server fetches nothing remote.
 */
final class ImageUrls {
  private final Optional<Path> fileRoot;

  ImageUrls(Optional<Path> fileRoot) {
    this.fileRoot = fileRoot.map(p -> {
      try {
        return p.toRealPath();
      } catch (IOException e) {
        throw new IllegalArgumentException("--files " + p + " does not exist");
      }
    });
  }

  RgbImage read(String url, String param) {
    if (url.startsWith("data:")) {
      int comma = url.indexOf(',');
      if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
        throw OpenAiError.badRequest(param, "image data URLs must look like data:image/png;base64,<data>");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(url.substring(comma + 1).strip());
      } catch (IllegalArgumentException e) {
        throw OpenAiError.badRequest(param, "the image data URL is not valid base64: " + e.getMessage());
      }
      return decode(bytes, param);
    }
    if (url.startsWith("file:")) {
      Path root = fileRoot.orElseThrow(() -> OpenAiError.badRequest(param,
          "file:// image URLs are disabled; start the server with --files DIR or send a data URL"));
      Path file;
      try {
        file = Path.of(URI.create(url)).toRealPath();
      } catch (IOException | IllegalArgumentException e) {
        throw OpenAiError.badRequest(param, "cannot open image " + url + ": " + e.getMessage());
      }
      if (!file.startsWith(root)) {
        throw OpenAiError.badRequest(param, "image " + file + " is outside the served directory " + root);
      }
      try {
        return decode(Files.readAllBytes(file), param);
      } catch (IOException e) {
        throw OpenAiError.badRequest(param, "cannot read image " + file + ": " + e.getMessage());
      }
    }
    throw OpenAiError.badRequest(param, "unsupported image URL scheme in '" + abbreviate(url)
        + "': send a data URL (data:image/png;base64,...) or a file:// URL; the server fetches nothing remote");
  }

  private static RgbImage decode(byte[] bytes, String param) {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      img = null;
    }
    if (img == null) {
      throw OpenAiError.badRequest(param, "the image is not a PNG, JPEG, BMP or GIF");
    }
    if (Math.min(img.getWidth(), img.getHeight()) < ObservationDecoder.MIN_SIDE
        || Math.max(img.getWidth(), img.getHeight()) > ObservationDecoder.MAX_SIDE) {
      throw OpenAiError.badRequest(param, "the image is " + img.getWidth() + "x" + img.getHeight() + "; each side must be "
          + ObservationDecoder.MIN_SIDE + ".." + ObservationDecoder.MAX_SIDE + " px");
    }
    return RgbImage.of(img);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
