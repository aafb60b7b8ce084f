package org.chatvla4j.world.render;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file through a temporary sibling and a rename, so readers never see a half-written image. */
final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes content to a temporary file that calls {@code writer}, then renames it onto {@code target}. */
  interface Writer {
    void write(Path temp) throws IOException;
  }

  static void write(Path target, Writer writer) throws IOException {
    Path temp = createTempSibling(target);
    try {
      writer.write(temp);
      commit(temp, target);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  static Path createTempSibling(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir == null) {
      throw new IOException("cannot write " + target + ": it has no parent directory");
    }
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
  }

  static void commit(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
