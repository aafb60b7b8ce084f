package org.chatvla4j.tensor;

import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;

/**
 * Runtime shape checks at entry points, with symbolic messages:
 * {@code hidden_states: expected [B, T, D] = [2, 7, 64], got [2, 7, 63]}. A negative expected size means "any".
 */
public final class Shapes {
  /** Matches any size in an expected shape. */
  public static final long ANY = -1;

  private Shapes() {}

  /**
   * Checks {@code t} against {@code dims} (letters, comma-separated, e.g. {@code "B, T, D"}) and their sizes.
   *
   * @return {@code t}, for chaining
   */
  public static Tensor check(String name, Tensor t, String dims, long... expected) {
    long[] actual = t.sizes().vec().get();
    boolean ok = actual.length == expected.length;
    for (int i = 0; ok && i < actual.length; i++) {
      ok = expected[i] < 0 || expected[i] == actual[i];
    }
    if (!ok) {
      throw new IllegalArgumentException(
          name + ": expected [" + dims + "] = " + describe(expected) + ", got " + Arrays.toString(actual));
    }
    return t;
  }

  /** The sizes of {@code t}. */
  public static long[] of(Tensor t) {
    return t.sizes().vec().get();
  }

  /** Product of sizes. */
  public static long numel(long... shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static String describe(long[] expected) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < expected.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(expected[i] < 0 ? "*" : Long.toString(expected[i]));
    }
    return sb.append(']').toString();
  }
}
