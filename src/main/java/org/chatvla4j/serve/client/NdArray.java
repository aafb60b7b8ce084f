package org.chatvla4j.serve.client;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A numpy array as openpi's {@code msgpack_numpy} carries it: the dtype string numpy writes ({@code "<f4"}, {@code
 * "|u1"}, ...), the shape, and the raw C-order bytes. Only the numeric and bool kinds travel; object, void and complex
 * arrays are refused, as openpi refuses them.
 */
public record NdArray(String dtype, int[] shape, byte[] data) {
  public NdArray {
    shape = shape.clone();
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("ndarray shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      n *= d;
    }
    long expected = n * itemSize(dtype);
    if (data.length != expected) {
      throw new IllegalArgumentException("ndarray of dtype " + dtype + " and shape " + Arrays.toString(shape) + " needs "
          + expected + " data bytes, got " + data.length);
    }
  }

  /** A float32 matrix {@code [rows][cols]} (dtype {@code <f4}); rows must all have the same length. */
  public static NdArray float32(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    ByteBuffer b = ByteBuffer.allocate(rows.length * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      if (r.length != cols) {
        throw new IllegalArgumentException("ragged matrix: a row has " + r.length + " values, the first " + cols);
      }
      for (float v : r) {
        b.putFloat(v);
      }
    }
    return new NdArray("<f4", new int[] {rows.length, cols}, b.array());
  }

  /** A float32 vector (dtype {@code <f4}). */
  public static NdArray float32(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return new NdArray("<f4", new int[] {values.length}, b.array());
  }

  /** An RGB image {@code [height, width, 3]} of dtype uint8 ({@code |u1}) from interleaved bytes. */
  public static NdArray uint8Image(int height, int width, byte[] rgb) {
    return new NdArray("|u1", new int[] {height, width, 3}, rgb.clone());
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public long size() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** The kind letter of the dtype: {@code f} float, {@code i} signed, {@code u} unsigned, {@code b} bool. */
  public char kind() {
    return dtype.charAt(1);
  }

  /** Every element converted to float, in C order; any numeric or bool dtype. */
  public float[] toFloats() {
    int n = Math.toIntExact(size());
    float[] out = new float[n];
    ByteBuffer b = ByteBuffer.wrap(data).order(dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    int w = itemSize(dtype);
    char k = kind();
    for (int i = 0; i < n; i++) {
      int at = i * w;
      out[i] = switch (k) {
        case 'f' -> switch (w) {
          case 2 -> Float.float16ToFloat(b.getShort(at));
          case 4 -> b.getFloat(at);
          default -> (float) b.getDouble(at);
        };
        case 'b' -> data[at] != 0 ? 1f : 0f;
        case 'u' -> switch (w) {
          case 1 -> data[at] & 0xFF;
          case 2 -> b.getShort(at) & 0xFFFF;
          case 4 -> b.getInt(at) & 0xFFFFFFFFL;
          default -> unsigned(b.getLong(at));
        };
        default -> switch (w) {
          case 1 -> data[at];
          case 2 -> b.getShort(at);
          case 4 -> b.getInt(at);
          default -> b.getLong(at);
        };
      };
    }
    return out;
  }

  private static float unsigned(long v) {
    return v >= 0 ? v : (float) ((v >>> 1) * 2.0);
  }

  /** A 2-D array as {@code [rows][cols]} floats. */
  public float[][] toFloatMatrix() {
    if (shape.length != 2) {
      throw new IllegalArgumentException("expected a 2-D array, got shape " + Arrays.toString(shape));
    }
    float[] flat = toFloats();
    float[][] out = new float[shape[0]][shape[1]];
    for (int r = 0; r < shape[0]; r++) {
      System.arraycopy(flat, r * shape[1], out[r], 0, shape[1]);
    }
    return out;
  }

  /** Bytes per element of a numpy dtype string; the error names the dtype and what is accepted. */
  public static int itemSize(String dtype) {
    if (dtype == null || dtype.length() < 2 || "<>|=".indexOf(dtype.charAt(0)) < 0) {
      throw new IllegalArgumentException("unsupported ndarray dtype '" + dtype
          + "': expected a numpy dtype string such as '<f4', '<f8', '|u1', '<i8', '|b1'");
    }
    char kind = dtype.charAt(1);
    int size;
    try {
      size = Integer.parseInt(dtype.substring(2));
    } catch (NumberFormatException e) {
      size = -1;
    }
    boolean ok = switch (kind) {
      case 'f' -> size == 2 || size == 4 || size == 8;
      case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
      case 'b' -> size == 1;
      default -> false;
    };
    if (!ok) {
      throw new IllegalArgumentException("unsupported ndarray dtype '" + dtype
          + "': only bool, integer and float arrays travel (e.g. '<f4', '|u1'); object, void and complex are refused");
    }
    return size;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NdArray n && dtype.equals(n.dtype) && Arrays.equals(shape, n.shape) && Arrays.equals(data, n.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NdArray[" + dtype + " " + Arrays.toString(shape) + "]";
  }
}
