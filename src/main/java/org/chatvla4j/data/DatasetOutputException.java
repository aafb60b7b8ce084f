package org.chatvla4j.data;

import java.nio.file.Path;

/** A dataset directory that cannot be written (or replaced); the message names the directory, why, and the fix. */
public final class DatasetOutputException extends RuntimeException {
  private final Path directory;

  public DatasetOutputException(Path directory, String problem) {
    this(directory, problem, null);
  }

  public DatasetOutputException(Path directory, String problem, Throwable cause) {
    super(directory + ": " + problem, cause);
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }
}
