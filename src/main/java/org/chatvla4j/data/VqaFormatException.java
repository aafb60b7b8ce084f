package org.chatvla4j.data;

import java.nio.file.Path;

/** A LLaVA json file that cannot be read; the message names the file, the sample index and the field. */
public final class VqaFormatException extends RuntimeException {
  private final Path file;
  private final int sampleIndex;
  private final String field;

  public VqaFormatException(Path file, int sampleIndex, String field, String problem, Throwable cause) {
    super(file + (sampleIndex >= 0 ? ": sample " + sampleIndex : "") + ": " + field + ": " + problem, cause);
    this.file = file;
    this.sampleIndex = sampleIndex;
    this.field = field;
  }

  public Path file() {
    return file;
  }

  /** Index of the sample in the top-level array, or -1 when the problem is not inside a sample. */
  public int sampleIndex() {
    return sampleIndex;
  }

  public String field() {
    return field;
  }
}
