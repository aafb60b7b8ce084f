package org.chatvla4j.train.data;

import java.util.SplittableRandom;

/** Independent random streams derived from one seed, addressed by (purpose, index), so any draw can be recomputed alone. */
final class Seeds {
  /** The stream that orders VQA samples within a pass. */
  static final long VQA_ORDER = 2;
  /** The stream that places robot and VQA slots within a pass. */
  static final long SLOT_ORDER = 3;
  /** The stream of per-sample augmentation parameters. */
  static final long AUGMENTATION = 4;

  private Seeds() {}

  /** A generator that depends only on {@code (seed, purpose, index)}. */
  static SplittableRandom stream(long seed, long purpose, long index) {
    return new SplittableRandom(mix(mix(seed ^ mix(purpose)) + index * 0x9E3779B97F4A7C15L));
  }

  /** A random permutation of {@code 0..n-1} (Fisher–Yates). */
  static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser: nearby inputs give unrelated outputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
