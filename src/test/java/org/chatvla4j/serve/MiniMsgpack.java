package org.chatvla4j.serve;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal msgpack writer and reader written from the msgpack spec for the tests, independent of msgpack-java and of
 * the server's codec: bin keys decode to "b:key" so a test can see that openpi's byte-string keys were used.
 */
final class MiniMsgpack {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  MiniMsgpack map(int n) {
    out.write(0x80 | n);
    return this;
  }

  MiniMsgpack str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length < 32) {
      out.write(0xa0 | b.length);
    } else {
      out.write(0xd9);
      out.write(b.length);
    }
    out.writeBytes(b);
    return this;
  }

  MiniMsgpack bin(byte[] b) {
    out.write(0xc6);
    out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
    out.writeBytes(b);
    return this;
  }

  MiniMsgpack binKey(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    out.write(0xc4);
    out.write(b.length);
    out.writeBytes(b);
    return this;
  }

  MiniMsgpack bool(boolean v) {
    out.write(v ? 0xc3 : 0xc2);
    return this;
  }

  MiniMsgpack intArray(int... v) {
    out.write(0x90 | v.length);
    for (int x : v) {
      out.write(0xcd); // uint 16, as msgpack-python writes 224
      out.write(x >> 8);
      out.write(x & 0xff);
    }
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** Reads one value; maps become LinkedHashMap with str keys as-is and bin keys as "b:" + text. */
  static Object read(byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data);
    Object v = value(b);
    if (b.hasRemaining()) {
      throw new IllegalStateException(b.remaining() + " trailing bytes");
    }
    return v;
  }

  private static Object value(ByteBuffer b) {
    int t = b.get() & 0xff;
    if (t <= 0x7f) {
      return (long) t;
    }
    if (t >= 0xe0) {
      return (long) (byte) t;
    }
    if ((t & 0xf0) == 0x80) {
      return map(b, t & 0x0f);
    }
    if ((t & 0xf0) == 0x90) {
      return array(b, t & 0x0f);
    }
    if ((t & 0xe0) == 0xa0) {
      return str(b, t & 0x1f);
    }
    return switch (t) {
      case 0xc0 -> null;
      case 0xc2 -> false;
      case 0xc3 -> true;
      case 0xc4 -> bytes(b, b.get() & 0xff);
      case 0xc5 -> bytes(b, b.getShort() & 0xffff);
      case 0xc6 -> bytes(b, b.getInt());
      case 0xca -> (double) b.getFloat();
      case 0xcb -> b.getDouble();
      case 0xcc -> (long) (b.get() & 0xff);
      case 0xcd -> (long) (b.getShort() & 0xffff);
      case 0xce -> b.getInt() & 0xffffffffL;
      case 0xcf, 0xd3 -> b.getLong();
      case 0xd0 -> (long) b.get();
      case 0xd1 -> (long) b.getShort();
      case 0xd2 -> (long) b.getInt();
      case 0xd9 -> str(b, b.get() & 0xff);
      case 0xda -> str(b, b.getShort() & 0xffff);
      case 0xdc -> array(b, b.getShort() & 0xffff);
      case 0xde -> map(b, b.getShort() & 0xffff);
      default -> throw new IllegalStateException("type byte 0x" + Integer.toHexString(t) + " not handled");
    };
  }

  private static byte[] bytes(ByteBuffer b, int n) {
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }

  private static String str(ByteBuffer b, int n) {
    return new String(bytes(b, n), StandardCharsets.UTF_8);
  }

  private static List<Object> array(ByteBuffer b, int n) {
    List<Object> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(value(b));
    }
    return l;
  }

  private static Map<String, Object> map(ByteBuffer b, int n) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Object k = value(b);
      m.put(k instanceof byte[] bytes ? "b:" + new String(bytes, StandardCharsets.UTF_8) : (String) k, value(b));
    }
    return m;
  }
}
