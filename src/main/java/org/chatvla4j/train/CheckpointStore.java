package org.chatvla4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one run: {@code RUN/checkpoints/step-00000120/}, one directory per saved global step. A
 * checkpoint is written into a hidden {@code .step-…partial-…} directory and renamed into place only when complete, so
 * a crash or {@code kill -9} mid-write leaves every earlier checkpoint as it was and no half-written one visible.
 */
public final class CheckpointStore {
  private static final Pattern NAME = Pattern.compile("step-(\\d{8,})");
  /**
   * Test hook: a JVM started with {@code -Dchatvla.test.pause-before-commit=N} stops before renaming the complete
   * checkpoint of global step N into place, so a test can {@code kill -9} it at the most delicate moment of a write.
   */
  public static final String PAUSE_BEFORE_COMMIT = "chatvla.test.pause-before-commit";
  private final Path dir;

  public CheckpointStore(Path runDir) {
    this.dir = runDir.resolve("checkpoints");
  }

  /** Fills a new checkpoint directory (empty, already created). */
  @FunctionalInterface
  public interface Contents {
    void writeTo(Path dir) throws IOException;
  }

  public Path directory() {
    return dir;
  }

  public Path pathOf(long globalStep) {
    return dir.resolve(String.format("step-%08d", globalStep));
  }

  /** Writes the checkpoint of {@code globalStep}; replaces an existing one of the same step only once the new one is complete. */
  public Path write(long globalStep, Contents contents) throws IOException {
    Files.createDirectories(dir);
    Path target = pathOf(globalStep);
    Path partial = Files.createTempDirectory(dir, "." + target.getFileName() + ".partial-");
    try {
      contents.writeTo(partial);
      pauseIfAsked(globalStep);
      Path old = null;
      if (Files.exists(target)) {
        old = dir.resolve("." + target.getFileName() + ".old-" + System.nanoTime());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      partial = null;
      if (old != null) {
        deleteTree(old);
      }
      return target;
    } finally {
      if (partial != null) {
        deleteTree(partial);
      }
    }
  }

  /** The complete checkpoints, oldest first. */
  public List<Path> list() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
          .sorted(Comparator.comparingLong(CheckpointStore::stepOf))
          .toList();
    }
  }

  /** The checkpoint with the highest step. */
  public Optional<Path> latest() throws IOException {
    List<Path> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
  }

  /** Removes what killed writers left behind (hidden partial or replaced directories); returns how many. */
  public int removeLeftovers() throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> junk;
    try (Stream<Path> s = Files.list(dir)) {
      // Hidden names are ours only: partial checkpoints, replaced ones, and ChatVla.save's own staging directories.
      junk = s.filter(p -> p.getFileName().toString().startsWith(".step-")).toList();
    }
    for (Path p : junk) {
      deleteTree(p);
    }
    return junk.size();
  }

  private static void pauseIfAsked(long globalStep) throws IOException {
    if (Long.getLong(PAUSE_BEFORE_COMMIT, -1) == globalStep) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while paused before committing step " + globalStep, e);
      }
    }
  }

  static long stepOf(Path checkpoint) {
    Matcher m = NAME.matcher(checkpoint.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(checkpoint + " is not named step-NNNNNNNN");
    }
    return Long.parseLong(m.group(1));
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
