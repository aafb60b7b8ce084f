package org.chatvla4j.serve.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * openpi's wire format ({@code openpi_client/msgpack_numpy.py}): msgpack, with a numpy array packed as a map whose
 * keys are the byte strings {@code __ndarray__} (true), {@code data} (raw bytes), {@code dtype} (numpy's dtype string)
 * and {@code shape} (array of ints), and a numpy scalar as {@code __npgeneric__}, {@code data}, {@code dtype}.
 *
 * <p>Java values map as: {@code Map<String, ?>} ↔ map (keys arrive as str or bin and come back as String), {@code
 * List} ↔ array, String ↔ str, {@code byte[]} ↔ bin, Boolean, Long/Integer ↔ int, Double ↔ float64, Float ↔ float32,
 * null ↔ nil, {@link NdArray} ↔ the ndarray map. A numpy scalar decodes to its Java number.
 */
public final class MsgpackNumpy {
  private static final byte[] NDARRAY = "__ndarray__".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DTYPE = "dtype".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHAPE = "shape".getBytes(StandardCharsets.US_ASCII);

  /** Nesting deeper than this is refused, so a hostile frame cannot overflow the stack. */
  public static final int MAX_DEPTH = 64;

  private MsgpackNumpy() {}

  /** One msgpack frame holding {@code value}. */
  public static byte[] pack(Object value) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      write(p, value);
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("packing into memory failed", e);
    }
  }

  /** Decodes one frame; the frame must hold exactly one value. Malformed input raises {@link WireFormatException}. */
  public static Object unpack(byte[] frame) {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(frame)) {
      if (!u.hasNext()) {
        throw new WireFormatException("empty msgpack frame");
      }
      Object v = read(u, 0);
      if (u.hasNext()) {
        throw new WireFormatException("the msgpack frame has trailing bytes after the first value");
      }
      return v;
    } catch (WireFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException("malformed msgpack frame: " + e.getMessage());
    }
  }

  /** Decodes a frame that must hold a map (the shape of every openpi request, reply and metadata frame). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> unpackMap(byte[] frame) {
    Object v = unpack(frame);
    if (!(v instanceof Map)) {
      throw new WireFormatException("expected a msgpack map, got " + describe(v));
    }
    return (Map<String, Object>) v;
  }

  private static void write(MessagePacker p, Object v) throws IOException {
    switch (v) {
      case null -> p.packNil();
      case NdArray a -> {
        p.packMapHeader(4);
        bin(p, NDARRAY);
        p.packBoolean(true);
        bin(p, DATA);
        bin(p, a.data());
        bin(p, DTYPE);
        p.packString(a.dtype());
        bin(p, SHAPE);
        int[] shape = a.shape();
        p.packArrayHeader(shape.length);
        for (int d : shape) {
          p.packInt(d);
        }
      }
      case Map<?, ?> m -> {
        p.packMapHeader(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!(e.getKey() instanceof String k)) {
            throw new IllegalArgumentException("map keys must be strings, got " + describe(e.getKey()));
          }
          p.packString(k);
          write(p, e.getValue());
        }
      }
      case List<?> l -> {
        p.packArrayHeader(l.size());
        for (Object o : l) {
          write(p, o);
        }
      }
      case String s -> p.packString(s);
      case byte[] b -> bin(p, b);
      case Boolean b -> p.packBoolean(b);
      case Float f -> p.packFloat(f);
      case Double d -> p.packDouble(d);
      case Integer i -> p.packInt(i);
      case Long l -> p.packLong(l);
      case Short s -> p.packShort(s);
      case Byte b -> p.packByte(b);
      default -> throw new IllegalArgumentException("cannot pack " + describe(v));
    }
  }

  private static void bin(MessagePacker p, byte[] b) throws IOException {
    p.packBinaryHeader(b.length);
    p.writePayload(b);
  }

  private static Object read(MessageUnpacker u, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new WireFormatException("msgpack nesting deeper than " + MAX_DEPTH);
    }
    ValueType t = u.getNextFormat().getValueType();
    return switch (t) {
      case NIL -> {
        u.unpackNil();
        yield null;
      }
      case BOOLEAN -> u.unpackBoolean();
      case INTEGER -> u.unpackLong();
      case FLOAT -> u.unpackDouble();
      case STRING -> u.unpackString();
      case BINARY -> u.readPayload(u.unpackBinaryHeader());
      case ARRAY -> {
        int n = u.unpackArrayHeader();
        List<Object> l = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          l.add(read(u, depth + 1));
        }
        yield l;
      }
      case MAP -> {
        int n = u.unpackMapHeader();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          Object k = read(u, depth + 1);
          String key = switch (k) {
            case String s -> s;
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            default -> throw new WireFormatException("map keys must be str or bin, got " + describe(k));
          };
          m.put(key, read(u, depth + 1));
        }
        yield numpy(m);
      }
      case EXTENSION -> throw new WireFormatException("msgpack extension types are not part of the openpi protocol");
    };
  }

  /** Turns the ndarray / numpy-scalar maps into {@link NdArray} / numbers; other maps pass through. */
  private static Object numpy(Map<String, Object> m) {
    if (Boolean.TRUE.equals(m.get("__ndarray__"))) {
      if (!(m.get("data") instanceof byte[] data)) {
        throw new WireFormatException("ndarray: 'data' must be bytes, got " + describe(m.get("data")));
      }
      if (!(m.get("dtype") instanceof String dtype)) {
        throw new WireFormatException("ndarray: 'dtype' must be a string such as '<f4', got " + describe(m.get("dtype")));
      }
      if (!(m.get("shape") instanceof List<?> dims)) {
        throw new WireFormatException("ndarray: 'shape' must be an array of ints, got " + describe(m.get("shape")));
      }
      int[] shape = new int[dims.size()];
      for (int i = 0; i < shape.length; i++) {
        if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
          throw new WireFormatException("ndarray: shape " + dims + " must hold non-negative ints");
        }
        shape[i] = (int) (long) d;
      }
      try {
        return new NdArray(dtype, shape, data);
      } catch (IllegalArgumentException e) {
        throw new WireFormatException(e.getMessage());
      }
    }
    if (Boolean.TRUE.equals(m.get("__npgeneric__"))) {
      Object d = m.get("data");
      if (!(d instanceof Number || d instanceof Boolean)) {
        throw new WireFormatException("numpy scalar: 'data' must be a number, got " + describe(d));
      }
      return d;
    }
    return m;
  }

  static String describe(Object v) {
    return v == null ? "nil" : v instanceof byte[] b ? "bytes[" + b.length + "]" : v.getClass().getSimpleName();
  }
}
