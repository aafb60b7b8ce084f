package org.chatvla4j.model;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Picks the next token from one row of logits: argmax when greedy, else temperature scaling and nucleus (top-p)
 * sampling with a caller-supplied random generator (so a seed reproduces a conversation). Works on a float[] copy of
 * the row: the vocabulary is at most ~150k, and sorting it in Java costs well under a millisecond.
 */
public final class TokenSampler {
  private TokenSampler() {}

  public static long pick(float[] logits, GenerationConfig cfg, RandomGenerator rng) {
    if (logits.length == 0) {
      throw new IllegalArgumentException("empty logits row");
    }
    if (cfg.isGreedy()) {
      return argmax(logits);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double[] p = new double[logits.length];
    double z = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp((logits[i] - max) / cfg.temperature());
      z += p[i];
    }
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    // The nucleus: the most probable tokens until their mass reaches top_p (at least one token).
    double mass = 0;
    int keep = 0;
    while (keep < order.length && (keep == 0 || mass < cfg.topP() * z)) {
      mass += p[order[keep++]];
    }
    double u = rng.nextDouble() * mass;
    double acc = 0;
    for (int k = 0; k < keep; k++) {
      acc += p[order[k]];
      if (u < acc) {
        return order[k];
      }
    }
    return order[keep - 1];
  }

  public static long argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }
}
