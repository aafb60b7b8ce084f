package org.chatvla4j.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/** Conversions between Java arrays/bytes and libtorch tensors, and the small factories model code needs. */
public final class Tensors {
  private Tensors() {}

  /** A float32 tensor holding a copy of {@code data} with the given shape (one copy, straight into the tensor). */
  public static Tensor fromFloats(float[] data, long... shape) {
    checkLength(data.length, shape);
    Engine.start();
    Tensor t = torch.empty(shape, DType.F32.options(), new org.bytedeco.pytorch.MemoryFormatOptional());
    if (data.length > 0) {
      t.data_ptr_float().capacity(data.length).put(data);
    }
    return t;
  }

  /** An int64 tensor holding a copy of {@code data} with the given shape. */
  public static Tensor fromLongs(long[] data, long... shape) {
    checkLength(data.length, shape);
    Engine.start();
    Tensor t = torch.empty(shape, DType.I64.options(), new org.bytedeco.pytorch.MemoryFormatOptional());
    if (data.length > 0) {
      t.data_ptr_long().capacity(data.length).put(data);
    }
    return t;
  }

  /** A float64 tensor holding a copy of {@code data}. */
  public static Tensor fromDoubles(double[] data, long... shape) {
    checkLength(data.length, shape);
    Engine.start();
    try (org.bytedeco.javacpp.DoublePointer p = new org.bytedeco.javacpp.DoublePointer(data)) {
      return torch.from_blob(p, shape, DType.F64.options()).clone();
    }
  }

  /**
   * A tensor of {@code dtype} holding a copy of little-endian {@code bytes} (any position/limit of the buffer: the
   * remaining bytes are used). Works for memory-mapped buffers; the copy means the mapping may be closed afterwards.
   */
  public static Tensor fromBytes(ByteBuffer bytes, DType dtype, long... shape) {
    long n = Shapes.numel(shape) * dtype.bytes();
    if (bytes.remaining() != n) {
      throw new IllegalArgumentException(
          "byte length " + bytes.remaining() + " does not match shape " + java.util.Arrays.toString(shape) + " x " + dtype + " = " + n);
    }
    Engine.start();
    if (n == 0) {
      return torch.empty(shape, dtype.options(), new org.bytedeco.pytorch.MemoryFormatOptional());
    }
    ByteBuffer b = bytes.isDirect() ? bytes.slice() : ByteBuffer.allocateDirect((int) n).put(bytes.duplicate()).flip();
    try (BytePointer p = new BytePointer(b)) {
      return torch.from_blob(p, shape, dtype.options()).clone();
    }
  }

  /** The tensor's elements as float32, row-major (any dtype; converted on the way). */
  public static float[] toFloats(Tensor t) {
    Tensor c = t.detach().to(DType.F32.scalarType()).contiguous().cpu();
    long n = c.numel();
    float[] out = new float[Math.toIntExact(n)];
    if (n > 0) {
      new FloatPointer(c.data_ptr_float()).capacity(n).get(out);
    }
    return out;
  }

  /** The tensor's elements as float64, row-major. */
  public static double[] toDoubles(Tensor t) {
    Tensor c = t.detach().to(DType.F64.scalarType()).contiguous().cpu();
    long n = c.numel();
    double[] out = new double[Math.toIntExact(n)];
    if (n > 0) {
      c.data_ptr_double().capacity(n).get(out);
    }
    return out;
  }

  /** The tensor's elements as int64, row-major. */
  public static long[] toLongs(Tensor t) {
    Tensor c = t.detach().to(DType.I64.scalarType()).contiguous().cpu();
    long n = c.numel();
    long[] out = new long[Math.toIntExact(n)];
    if (n > 0) {
      c.data_ptr_long().capacity(n).get(out);
    }
    return out;
  }

  /** The raw little-endian bytes of the tensor in its own dtype (for writing safetensors). */
  public static ByteBuffer toBytes(Tensor t) {
    Tensor c = t.detach().contiguous().cpu();
    long n = c.numel() * c.element_size();
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(n)).order(ByteOrder.LITTLE_ENDIAN);
    if (n > 0) {
      byte[] tmp = new byte[(int) n];
      new BytePointer(c.data_ptr()).capacity(n).get(tmp);
      out.put(tmp).flip();
    }
    return out;
  }

  /**
   * {@code t} on the device of {@code like} (dtype kept): how model code places the small tensors it builds from Java
   * arrays (row indices, masks, positions) beside its activations. On the CPU it returns {@code t} itself.
   */
  public static Tensor onDeviceOf(Tensor t, Tensor like) {
    if (like.is_cpu() && t.is_cpu()) {
      return t;
    }
    return t.to(like.device(), t.scalar_type());
  }

  /** Options for a new {@code dtype} tensor on the device of {@code like} (plain {@link DType#options} on the CPU). */
  public static TensorOptions options(DType dtype, Tensor like) {
    return like.is_cpu() ? dtype.options() : dtype.options().device(new DeviceOptional(like.device()));
  }

  /** A scalar operand; prefer this over ad-hoc {@code new Scalar(...)} so intent is visible. */
  public static Scalar scalar(double v) {
    return new Scalar(v);
  }

  public static float item(Tensor t) {
    return t.item_float();
  }

  private static void checkLength(int length, long[] shape) {
    long n = Shapes.numel(shape);
    if (n != length) {
      throw new IllegalArgumentException(
          "data has " + length + " elements but shape " + java.util.Arrays.toString(shape) + " needs " + n);
    }
  }
}
