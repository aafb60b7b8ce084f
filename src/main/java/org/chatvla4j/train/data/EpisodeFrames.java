package org.chatvla4j.train.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chatvla4j.data.EpisodeFile;
import org.chatvla4j.image.RgbImage;

/**
 * Reads single camera frames, keeping the most recently used episode files open (opening one parses its per-step
 * arrays, which should not happen for every frame). Confined to one thread, as {@link EpisodeFile} is.
 */
final class EpisodeFrames implements AutoCloseable {
  private final Map<Path, EpisodeFile> open;

  EpisodeFrames(int maxOpen) {
    if (maxOpen <= 0) {
      throw new IllegalArgumentException("maxOpen must be > 0, got " + maxOpen);
    }
    this.open = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Path, EpisodeFile> eldest) {
        if (size() > maxOpen) {
          eldest.getValue().close();
          return true;
        }
        return false;
      }
    };
  }

  /** Frame {@code t} of {@code camera} in {@code file}, as the image package's type (the pixel array is shared). */
  RgbImage frame(Path file, String camera, int t) {
    return open.computeIfAbsent(file, EpisodeFile::open).frame(camera, t);
  }

  @Override
  public void close() {
    open.values().forEach(EpisodeFile::close);
    open.clear();
  }
}
