package org.chatvla4j.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A safetensors file or checkpoint directory that cannot be read as one: the message names the file, the tensor
 * (when one is at fault) and the problem.
 */
public final class SafetensorsException extends IOException {
  private final Path file;
  private final String tensor;
  private final String problem;

  private SafetensorsException(Path file, String tensor, String problem, Throwable cause) {
    super(file + (tensor == null ? "" : ": tensor '" + tensor + "'") + ": " + problem, cause);
    this.file = file;
    this.tensor = tensor;
    this.problem = problem;
  }

  /** A problem of the file as a whole (its length prefix, its header, its data section). */
  static SafetensorsException ofFile(Path file, String problem) {
    return new SafetensorsException(file, null, problem, null);
  }

  /** A problem of the file as a whole, caused by a lower-level failure. */
  static SafetensorsException ofFile(Path file, String problem, Throwable cause) {
    return new SafetensorsException(file, null, problem, cause);
  }

  /** A problem of one tensor's header entry or bytes. */
  static SafetensorsException ofTensor(Path file, String tensor, String problem) {
    return new SafetensorsException(file, tensor, problem, null);
  }

  /** The file (or index, or directory) at fault. */
  public Path file() {
    return file;
  }

  /** The tensor at fault, when the problem belongs to one. */
  public Optional<String> tensor() {
    return Optional.ofNullable(tensor);
  }

  /** The problem alone, without file and tensor. */
  public String problem() {
    return problem;
  }
}
