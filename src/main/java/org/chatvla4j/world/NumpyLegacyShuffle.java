package org.chatvla4j.world;

/**
 * Just enough of numpy's legacy {@code RandomState} to reproduce {@code RandomState(seed).shuffle(list)} bit for bit:
 * MT19937 seeded with {@code init_genrand(seed)} and the Fisher–Yates walk with {@code random_interval}'s masked
 * rejection sampling. Language-Table splits the N_CHOOSE_K block subsets with it (tabletop-benchmark.md §2).
 */
final class NumpyLegacyShuffle {
  private static final int N = 624;
  private static final int M = 397;
  private final int[] mt = new int[N];
  private int mti;

  NumpyLegacyShuffle(long seed) {
    if (seed < 0 || seed > 0xffffffffL) {
      throw new IllegalArgumentException("numpy seeds are in [0, 2^32 - 1], got " + seed);
    }
    mt[0] = (int) seed;
    for (mti = 1; mti < N; mti++) {
      mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
    }
  }

  /** MT19937 {@code genrand_int32}, as an unsigned value. */
  long nextUint32() {
    int y;
    if (mti >= N) {
      int kk;
      for (kk = 0; kk < N - M; kk++) {
        y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
      }
      for (; kk < N - 1; kk++) {
        y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
      }
      y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
      mti = 0;
    }
    y = mt[mti++];
    y ^= (y >>> 11);
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= (y >>> 18);
    return y & 0xffffffffL;
  }

  /** numpy's {@code random_interval(max)} for max < 2^32: a uniform integer in [0, max]. */
  long interval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    long value;
    while ((value = (nextUint32() & mask)) > max) {
      // rejection
    }
    return value;
  }

  /** {@code RandomState.shuffle} on a sequence, in place. */
  void shuffle(int[] x) {
    for (int i = x.length - 1; i >= 1; i--) {
      int j = (int) interval(i);
      int t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }
}
