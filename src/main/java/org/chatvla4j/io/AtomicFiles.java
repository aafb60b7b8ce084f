package org.chatvla4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader sees either the old content or the complete new one: the bytes go to a temporary file
 * beside the target, are flushed to disk, and the temporary file is renamed over the target. The one place the
 * project does this (episodes, datasets, safetensors, images, metrics).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the content of a file to the path it is given; that path does not exist yet when called. */
  @FunctionalInterface
  public interface FileContent {
    void writeTo(Path file) throws IOException;
  }

  /** Writes {@code target} atomically; on any failure the target is untouched and the temporary file removed. */
  public static void write(Path target, FileContent content) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      // Some writers (jhdf) do not truncate an existing file, so they get a path with nothing at it.
      Files.delete(temp);
      content.writeTo(temp);
      if (!Files.isRegularFile(temp)) {
        throw new IOException("the writer produced no file at " + temp);
      }
      force(temp);
      move(temp, target);
      temp = null;
      forceDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + describe(e), e);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  /** Writes bytes to {@code target} atomically. */
  public static void write(Path target, byte[] bytes) {
    write(target, file -> Files.write(file, bytes, StandardOpenOption.CREATE_NEW));
  }

  /** Writes {@code target} atomically from a stream writer. */
  public static void writeStream(Path target, StreamContent content) {
    write(
        target,
        file -> {
          try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            content.writeTo(out);
          }
        });
  }

  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface StreamContent {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Renames {@code from} to {@code to} in one step; on Linux a directory may replace an empty directory. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot rename " + from + " to " + to + " in one step (different file systems?); the temporary file is"
              + " always made beside the target, so this file system does not support atomic renames",
          e);
    }
  }

  public static void force(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Flushes a directory entry (the rename) to disk where the platform allows it. */
  public static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can open a directory for fsync; the rename itself is still atomic.
    }
  }

  /** Deletes a file or a directory tree; returns false when something could not be removed. */
  public static boolean deleteRecursively(Path path) {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    boolean ok = true;
    if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
        for (Path child : children) {
          ok &= deleteRecursively(child);
        }
      } catch (IOException e) {
        ok = false;
      }
    }
    return deleteQuietly(path) && ok;
  }

  public static boolean deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The exception's class and message, for messages that must say why an I/O step failed. */
  public static String describe(Exception e) {
    String simple = e.getClass().getSimpleName();
    return e.getMessage() == null ? simple : simple + ": " + e.getMessage();
  }

  /**
   * A hidden temporary file beside {@code target} for writers that stream into it over time (an animated GIF); finish
   * with {@link #commit}.
   */
  public static Path createTempSibling(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir == null) {
      throw new IOException("cannot write " + target + ": it has no parent directory");
    }
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
  }

  /** Flushes {@code temp} and renames it over {@code target} (see {@link #createTempSibling}). */
  public static void commit(Path temp, Path target) throws IOException {
    force(temp);
    move(temp, target);
    forceDirectory(target.toAbsolutePath().getParent());
  }
}
