package org.chatvla4j.tensor;

import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch.ScalarType;

/** The element types the project uses, with their libtorch scalar type and safetensors name. */
public enum DType {
  F32(ScalarType.Float, "F32", 4),
  BF16(ScalarType.BFloat16, "BF16", 2),
  F16(ScalarType.Half, "F16", 2),
  F64(ScalarType.Double, "F64", 8),
  I64(ScalarType.Long, "I64", 8),
  I32(ScalarType.Int, "I32", 4),
  I16(ScalarType.Short, "I16", 2),
  I8(ScalarType.Char, "I8", 1),
  U8(ScalarType.Byte, "U8", 1),
  BOOL(ScalarType.Bool, "BOOL", 1);

  private final ScalarType scalarType;
  private final String safetensorsName;
  private final int bytes;

  DType(ScalarType scalarType, String safetensorsName, int bytes) {
    this.scalarType = scalarType;
    this.safetensorsName = safetensorsName;
    this.bytes = bytes;
  }

  public ScalarType scalarType() {
    return scalarType;
  }

  public String safetensorsName() {
    return safetensorsName;
  }

  public int bytes() {
    return bytes;
  }

  public boolean isFloatingPoint() {
    return this == F32 || this == BF16 || this == F16 || this == F64;
  }

  /**
   * Options for this dtype. Always {@code new TensorOptions(ScalarType)}: the look-alike
   * {@code new TensorOptions(new ScalarTypeOptional(...))} binds to JavaCPP's Pointer-cast constructor and silently
   * yields float32 (java-stack.md §2.2).
   */
  public TensorOptions options() {
    return new TensorOptions(scalarType);
  }

  public static DType of(ScalarType t) {
    for (DType d : values()) {
      if (d.scalarType.value == t.value) {
        return d;
      }
    }
    throw new IllegalArgumentException("scalar type " + t + " is not used by chatvla4j");
  }

  /** Parses {@code f32}, {@code bf16}, {@code float32}, {@code bfloat16}, ... (as in HF {@code torch_dtype}). */
  public static DType parse(String s) {
    return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "f32", "float32", "float", "fp32" -> F32;
      case "bf16", "bfloat16" -> BF16;
      case "f16", "float16", "half", "fp16" -> F16;
      case "f64", "float64", "double" -> F64;
      case "i64", "int64", "long" -> I64;
      case "i32", "int32", "int" -> I32;
      case "i16", "int16" -> I16;
      case "i8", "int8" -> I8;
      case "u8", "uint8" -> U8;
      case "bool" -> BOOL;
      default -> throw new IllegalArgumentException("unknown dtype '" + s + "'; use one of f32, bf16, f16, f64, i64, i32, i16, i8, u8, bool");
    };
  }
}
