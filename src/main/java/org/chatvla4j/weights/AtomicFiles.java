package org.chatvla4j.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The project's atomic write ({@link org.chatvla4j.io.AtomicFiles}) for writers that stream into a channel, with this
 * package's checked {@link IOException} contract.
 */
final class AtomicFiles {
  /** What fills the temp file. */
  @FunctionalInterface
  interface Body {
    void writeTo(FileChannel channel) throws IOException;
  }

  private AtomicFiles() {}

  static void write(Path target, Body body) throws IOException {
    try {
      org.chatvla4j.io.AtomicFiles.write(target, file -> {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          body.writeTo(channel);
        }
      });
    } catch (UncheckedIOException e) {
      throw new IOException(e.getMessage(), e.getCause());
    }
  }
}
