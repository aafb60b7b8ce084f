package org.chatvla4j.model.moe;

import java.util.Arrays;

/**
 * The expert each batch row runs through: one index per sample, applied to every token of that sample (system prompt,
 * image tokens, instruction and answer alike), as ChatVLA's static routing does. A dense model ignores it.
 */
public final class ExpertRouting {
  private final int[] expertPerSample;

  private ExpertRouting(int[] expertPerSample) {
    if (expertPerSample.length == 0) {
      throw new IllegalArgumentException("routing needs at least one sample");
    }
    for (int i = 0; i < expertPerSample.length; i++) {
      if (expertPerSample[i] < 0) {
        throw new IllegalArgumentException("expert index of sample " + i + " must be >= 0, got " + expertPerSample[i]);
      }
    }
    this.expertPerSample = expertPerSample;
  }

  /** One task per batch row. */
  public static ExpertRouting of(Task... tasks) {
    return new ExpertRouting(Arrays.stream(tasks).mapToInt(Task::expertIndex).toArray());
  }

  /** The same task for all {@code batch} rows. */
  public static ExpertRouting all(Task task, int batch) {
    int[] e = new int[batch];
    Arrays.fill(e, task.expertIndex());
    return new ExpertRouting(e);
  }

  /** Explicit expert indices per batch row. */
  public static ExpertRouting ofExperts(int... expertPerSample) {
    return new ExpertRouting(expertPerSample.clone());
  }

  public int batchSize() {
    return expertPerSample.length;
  }

  public int expertOf(int sample) {
    return expertPerSample[sample];
  }

  /** The batch rows routed to {@code expert}, ascending. */
  public long[] samplesOf(int expert) {
    return java.util.stream.IntStream.range(0, expertPerSample.length)
        .filter(i -> expertPerSample[i] == expert)
        .asLongStream()
        .toArray();
  }

  /** The largest expert index used (for validating against the number of experts). */
  public int maxExpert() {
    return Arrays.stream(expertPerSample).max().orElseThrow();
  }

  @Override
  public String toString() {
    return "ExpertRouting" + Arrays.toString(expertPerSample);
  }
}
