package org.chatvla4j.text;

import java.util.Arrays;

/**
 * A training sequence: input ids, labels ({@link #IGNORE_INDEX} where the loss is masked, else the input id at the
 * same position; the model shifts them by one itself, as Hugging Face causal LMs do), and the index of the first
 * supervised position.
 */
public record LabeledSequence(long[] inputIds, long[] labels, int firstSupervised) {
  /** PyTorch's {@code ignore_index} for cross-entropy. */
  public static final long IGNORE_INDEX = -100;

  public LabeledSequence {
    if (inputIds.length != labels.length) {
      throw new IllegalArgumentException("inputIds has " + inputIds.length + " ids but labels has " + labels.length);
    }
    if (firstSupervised < 0 || firstSupervised >= labels.length || labels[firstSupervised] == IGNORE_INDEX) {
      throw new IllegalArgumentException("firstSupervised " + firstSupervised + " is not a supervised position of "
          + labels.length);
    }
  }

  public int length() {
    return inputIds.length;
  }

  /** Positions whose label is not {@link #IGNORE_INDEX}. */
  public int supervisedCount() {
    return (int) Arrays.stream(labels).filter(l -> l != IGNORE_INDEX).count();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabeledSequence s && firstSupervised == s.firstSupervised
        && Arrays.equals(inputIds, s.inputIds) && Arrays.equals(labels, s.labels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(inputIds) + Arrays.hashCode(labels)) + firstSupervised;
  }

  @Override
  public String toString() {
    return "LabeledSequence[length=" + inputIds.length + ", supervised=" + supervisedCount() + ", firstSupervised="
        + firstSupervised + "]";
  }
}
