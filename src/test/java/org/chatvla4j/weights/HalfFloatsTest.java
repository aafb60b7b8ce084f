package org.chatvla4j.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

  @Test
  void bf16ToFloatMatchesHandComputedValues() {
    // sign | 8-bit exponent (bias 127) | 7-bit mantissa
    assertEquals(1.0f, HalfFloats.bf16ToFloat((short) 0x3F80)); // 2^0
    assertEquals(-2.5f, HalfFloats.bf16ToFloat((short) 0xC020)); // -(1 + 1/4) * 2^1
    assertEquals(3.140625f, HalfFloats.bf16ToFloat((short) 0x4049)); // (1 + 73/128) * 2^1
    assertEquals(0.15625f, HalfFloats.bf16ToFloat((short) 0x3E20)); // (1 + 1/4) * 2^-3
    assertEquals(65280.0f, HalfFloats.bf16ToFloat((short) 0x477F)); // (1 + 127/128) * 2^15
    assertEquals(0x1.fep127f, HalfFloats.bf16ToFloat((short) 0x7F7F)); // largest finite bf16
    assertEquals(0x1p-133f, HalfFloats.bf16ToFloat((short) 0x0001)); // smallest subnormal: 2^-126 * 2^-7
    assertEquals(Float.POSITIVE_INFINITY, HalfFloats.bf16ToFloat((short) 0x7F80));
    assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.bf16ToFloat((short) 0xFF80));
    assertEquals(0x80000000, Float.floatToRawIntBits(HalfFloats.bf16ToFloat((short) 0x8000))); // -0.0
    assertTrue(Float.isNaN(HalfFloats.bf16ToFloat((short) 0x7FC0)));
  }

  @Test
  void floatToBf16RoundsToNearestEven() {
    assertEquals((short) 0x4049, HalfFloats.floatToBf16((float) Math.PI)); // 0x40490FDB: low half < 0x8000
    assertEquals((short) 0x3F80, HalfFloats.floatToBf16(1.00390625f)); // 1 + 2^-8: tie, 0x3F80 is even
    assertEquals((short) 0x3F82, HalfFloats.floatToBf16(1.01171875f)); // 1 + 3*2^-8: tie, 0x3F82 is even
    assertEquals((short) 0x3F81, HalfFloats.floatToBf16(1.0078125f + 0x1p-20f)); // just above 0x3F81: down
    assertEquals((short) 0x7F80, HalfFloats.floatToBf16(Float.MAX_VALUE)); // rounds up into infinity
    assertEquals((short) 0x7FC0, HalfFloats.floatToBf16(Float.intBitsToFloat(0x7F800001))); // NaN stays NaN
    assertEquals((short) 0xFFC0, HalfFloats.floatToBf16(Float.intBitsToFloat(0xFF800001)));
  }

  @Test
  void bf16RoundTripIsExactForAllNonNanPatterns() {
    int exact = 0;
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = HalfFloats.bf16ToFloat((short) bits);
      if (!Float.isNaN(f) && HalfFloats.floatToBf16(f) == (short) bits) {
        exact++;
      }
    }
    // 65536 patterns less 2 × 127 NaN mantissas (exponent all ones, mantissa non-zero, either sign).
    assertEquals(65536 - 2 * 127, exact);
  }

  @Test
  void f16ConversionsMatchHandComputedValues() {
    // sign | 5-bit exponent (bias 15) | 10-bit mantissa
    assertEquals(1.0f, HalfFloats.f16ToFloat((short) 0x3C00));
    assertEquals(-0.5f, HalfFloats.f16ToFloat((short) 0xB800));
    assertEquals(65504.0f, HalfFloats.f16ToFloat((short) 0x7BFF)); // largest finite half
    assertEquals(0x1p-24f, HalfFloats.f16ToFloat((short) 0x0001)); // smallest subnormal half
    assertEquals((short) 0x3555, HalfFloats.floatToF16(1f / 3f)); // 0.333251953125
    assertEquals((short) 0x7C00, HalfFloats.floatToF16(65520f)); // halfway past the max: rounds to infinity
  }
}
