package org.chatvla4j.weights;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file so that readers see either the old content or the complete new one: the bytes go to a hidden temp
 * file in the same directory, are forced to disk, and the temp file is renamed over the target.
 */
final class AtomicFiles {
  /** What fills the temp file. */
  @FunctionalInterface
  interface Body {
    void writeTo(FileChannel channel) throws IOException;
  }

  // Only makes concurrent temp names distinct; the content written never depends on it.
  private static final AtomicLong COUNTER = new AtomicLong();

  private AtomicFiles() {}

  static void write(Path target, Body body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = createTemp(dir, target.getFileName().toString());
    boolean moved = false;
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        body.writeTo(channel);
        channel.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
      syncDirectory(dir);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static Path createTemp(Path dir, String name) throws IOException {
    while (true) {
      Path tmp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + ".tmp");
      try {
        // CREATE_NEW with default permissions (Files.createTempFile would make the final file owner-only).
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        // A leftover of an earlier process with the same pid: take the next number.
      }
    }
  }

  /** Makes the rename itself durable; some file systems refuse to open directories, where this is skipped. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // The rename is done and visible; only its durability across a power loss is not guaranteed here.
    }
  }
}
