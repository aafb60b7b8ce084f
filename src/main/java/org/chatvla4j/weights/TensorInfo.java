package org.chatvla4j.weights;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor's header entry: its name, dtype, shape and its byte range {@code [begin, end)} within the data section
 * (which starts {@link SafetensorsFile#dataSectionOffset()} bytes into the file).
 */
public record TensorInfo(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {

  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    shape = shape.clone();
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "tensor '" + name + "': byte range [" + begin + ", " + end + ") must have 0 <= begin <= end");
    }
  }

  /** The dimensions, outermost first (a copy). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of dimensions; 0 for a scalar. */
  public int rank() {
    return shape.length;
  }

  /** Product of the dimensions; 1 for a scalar. */
  public long elementCount() {
    return Shapes.elementCount(shape);
  }

  /** Bytes the tensor occupies, {@code end - begin}. */
  public long byteLength() {
    return end - begin;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && begin == t.begin
        && end == t.end;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
  }

  @Override
  public String toString() {
    return name + " " + dtype + " " + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
  }
}
