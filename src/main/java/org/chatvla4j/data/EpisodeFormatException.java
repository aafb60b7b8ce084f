package org.chatvla4j.data;

import java.nio.file.Path;

/** An episode file that does not have the DexVLA/ACT layout; the message names the file, the dataset and the problem. */
public final class EpisodeFormatException extends RuntimeException {
  private final Path file;
  private final String datasetPath;
  private final String problem;

  public EpisodeFormatException(Path file, String datasetPath, String problem) {
    this(file, datasetPath, problem, null);
  }

  public EpisodeFormatException(Path file, String datasetPath, String problem, Throwable cause) {
    super(file + ": " + datasetPath + ": " + problem, cause);
    this.file = file;
    this.datasetPath = datasetPath;
    this.problem = problem;
  }

  public Path file() {
    return file;
  }

  public String datasetPath() {
    return datasetPath;
  }

  public String problem() {
    return problem;
  }
}
