package org.chatvla4j.weights;

import java.util.Arrays;

/** Element counts and byte sizes of shapes, with overflow reported instead of wrapped. */
final class Shapes {
  private Shapes() {}

  /**
   * Product of the dimensions; 1 for a scalar.
   *
   * @throws ArithmeticException if a dimension is negative or the product does not fit in a long
   */
  static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new ArithmeticException("shape " + Arrays.toString(shape) + " has negative dimension " + d);
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Bytes a tensor of this dtype and shape occupies. */
  static long byteSize(SafetensorsDtype dtype, long[] shape) {
    return Math.multiplyExact(elementCount(shape), (long) dtype.byteSize());
  }
}
