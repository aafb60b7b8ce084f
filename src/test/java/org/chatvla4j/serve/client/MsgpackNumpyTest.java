package org.chatvla4j.serve.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MsgpackNumpyTest {
  @Test
  void float32MatrixPacksToOpenpiBytes() {
    // msgpack_numpy.packb(np.array([[1.0, -2.0]], dtype=np.float32)) in openpi's encoding.
    byte[] expected = {
      (byte) 0x84,
      (byte) 0xc4, 11, '_', '_', 'n', 'd', 'a', 'r', 'r', 'a', 'y', '_', '_', (byte) 0xc3,
      (byte) 0xc4, 4, 'd', 'a', 't', 'a', (byte) 0xc4, 8, 0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0,
      (byte) 0xc4, 5, 'd', 't', 'y', 'p', 'e', (byte) 0xa3, '<', 'f', '4',
      (byte) 0xc4, 5, 's', 'h', 'a', 'p', 'e', (byte) 0x92, 1, 2};
    assertArrayEquals(expected, MsgpackNumpy.pack(NdArray.float32(new float[][] {{1f, -2f}})));
    NdArray back = (NdArray) MsgpackNumpy.unpack(expected);
    assertArrayEquals(new float[] {1f, -2f}, back.toFloats());
    assertArrayEquals(new int[] {1, 2}, back.shape());
  }

  @Test
  void strKeysAndNumpyScalarsDecodeToo() {
    // {"x": {"__npgeneric__": True, "data": 3, "dtype": "<i8"}} with str keys (older msgpack-numpy).
    Map<String, Object> scalar = new LinkedHashMap<>();
    scalar.put("__npgeneric__", true);
    scalar.put("data", 3L);
    scalar.put("dtype", "<i8");
    Map<String, Object> m = MsgpackNumpy.unpackMap(MsgpackNumpy.pack(Map.of("x", scalar)));
    assertEquals(3L, m.get("x"));
  }

  @Test
  void roundTripsNestedValues() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("s", "héllo");
    v.put("i", 300L);
    v.put("d", 2.5);
    v.put("b", true);
    v.put("n", null);
    v.put("l", List.of(1L, "two"));
    v.put("img", NdArray.uint8Image(2, 1, new byte[] {1, 2, 3, (byte) 250, 5, 6}));
    Map<String, Object> back = MsgpackNumpy.unpackMap(MsgpackNumpy.pack(v));
    assertEquals(v, back);
    assertArrayEquals(new float[] {1, 2, 3, 250, 5, 6}, ((NdArray) back.get("img")).toFloats());
  }

  @Test
  void dtypesConvert() {
    byte[] f8 = new byte[8];
    java.nio.ByteBuffer.wrap(f8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(-0.125);
    assertEquals(-0.125f, new NdArray("<f8", new int[] {1}, f8).toFloats()[0]);
    assertEquals(-2f, new NdArray("<i2", new int[] {1}, new byte[] {(byte) 0xfe, (byte) 0xff}).toFloats()[0]);
    assertEquals(65534f, new NdArray("<u2", new int[] {1}, new byte[] {(byte) 0xfe, (byte) 0xff}).toFloats()[0]);
    assertEquals(1f, new NdArray(">f2", new int[] {1}, new byte[] {0x3c, 0x00}).toFloats()[0]);
  }

  @Test
  void badFramesNameTheProblem() {
    assertTrue(assertThrows(WireFormatException.class, () -> MsgpackNumpy.unpack(new byte[] {(byte) 0xc1})).getMessage()
        .contains("malformed"));
    assertThrows(WireFormatException.class, () -> MsgpackNumpy.unpack(new byte[] {(byte) 0x81, (byte) 0xa1}));
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("__ndarray__", true);
    bad.put("data", new byte[3]);
    bad.put("dtype", "<f4");
    bad.put("shape", List.of(1L));
    String msg = assertThrows(WireFormatException.class, () -> MsgpackNumpy.unpack(MsgpackNumpy.pack(bad))).getMessage();
    assertTrue(msg.contains("needs 4 data bytes, got 3"), msg);
    bad.put("dtype", "|O");
    bad.put("data", new byte[8]);
    msg = assertThrows(WireFormatException.class, () -> MsgpackNumpy.unpack(MsgpackNumpy.pack(bad))).getMessage();
    assertTrue(msg.contains("object, void and complex are refused"), msg);
    assertThrows(WireFormatException.class, () -> MsgpackNumpy.unpack(new byte[] {(byte) 0xc0, (byte) 0xc0}));
  }
}
