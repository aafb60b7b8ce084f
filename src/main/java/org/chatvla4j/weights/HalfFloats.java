package org.chatvla4j.weights;

/**
 * Bit-level conversions between float and the 16-bit float formats of checkpoints: bfloat16 (the top half of a float)
 * and IEEE binary16. Narrowing rounds to nearest, ties to even, as PyTorch's {@code .to(torch.bfloat16)} does.
 */
public final class HalfFloats {
  private HalfFloats() {}

  /** The float a bfloat16 bit pattern stands for; exact, since bf16 is float with the low 16 mantissa bits zero. */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /**
   * The bfloat16 nearest to {@code value}, ties to even; NaN becomes the quiet NaN {@code 0x7FC0} with the input's
   * sign (plain truncation could turn a NaN whose payload sits in the low bits into infinity).
   */
  public static short floatToBf16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) (((bits >>> 16) & 0x8000) | 0x7FC0);
    }
    int lsb = (bits >>> 16) & 1;
    return (short) ((bits + 0x7FFF + lsb) >>> 16);
  }

  /** The float an IEEE binary16 bit pattern stands for; exact. */
  public static float f16ToFloat(short bits) {
    return Float.float16ToFloat(bits);
  }

  /** The IEEE binary16 nearest to {@code value}, ties to even; overflow gives infinity. */
  public static short floatToF16(float value) {
    return Float.floatToFloat16(value);
  }
}
