package org.chatvla4j.weights;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Collectors;

/**
 * One {@code .safetensors} file, opened read-only: its header parsed and checked, its data section memory-mapped in
 * one segment (64-bit offsets throughout, so files and tensors past 2 GiB work), tensors handed out as read-only views.
 *
 * <p>Layout: 8-byte little-endian header length {@code n}, {@code n} bytes of JSON header, then the data section that
 * the tensors' {@code data_offsets} index. Views die with {@link #close()}; copy what must outlive the file. Views
 * may be read from any thread.
 */
public final class SafetensorsFile implements Closeable {
  private static final int LENGTH_PREFIX_BYTES = 8;

  private final Path path;
  private final long fileSize;
  private final long dataSectionOffset;
  private final SafetensorsHeader header;
  private final Map<String, TensorInfo> byName;
  private final Arena arena;
  private final MemorySegment data;

  private SafetensorsFile(
      Path path, long fileSize, long dataSectionOffset, SafetensorsHeader header, Arena arena, MemorySegment data) {
    this.path = path;
    this.fileSize = fileSize;
    this.dataSectionOffset = dataSectionOffset;
    this.header = header;
    this.arena = arena;
    this.data = data;
    this.byName =
        header.tensors().stream()
            .collect(Collectors.toMap(TensorInfo::name, t -> t, (a, b) -> a, LinkedHashMap::new));
  }

  /**
   * Opens and checks {@code file}.
   *
   * @throws SafetensorsException if the file does not exist or is not a well-formed safetensors file (the message
   *     says what is wrong)
   */
  public static SafetensorsFile open(Path file) throws IOException {
    FileChannel opened;
    try {
      opened = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw SafetensorsException.ofFile(file, "no such file", e);
    }
    try (FileChannel channel = opened) {
      long size = channel.size();
      if (size < LENGTH_PREFIX_BYTES) {
        throw SafetensorsException.ofFile(
            file, "file is " + size + " bytes, shorter than the 8-byte header length prefix: truncated or not a"
                + " safetensors file");
      }
      long headerLength = readFully(channel, 0, LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
      long available = size - LENGTH_PREFIX_BYTES;
      // A negative long is a u64 above 2^63: as impossible as any other oversized length.
      if (headerLength < 0 || headerLength > SafetensorsHeader.MAX_HEADER_BYTES) {
        throw SafetensorsException.ofFile(
            file, "header length prefix is " + Long.toUnsignedString(headerLength) + " bytes, above the format's limit"
                + " of " + SafetensorsHeader.MAX_HEADER_BYTES + ": not a safetensors file or corrupt");
      }
      if (headerLength > available) {
        throw SafetensorsException.ofFile(
            file, "header length prefix is " + headerLength + " bytes but only " + available + " bytes follow it:"
                + " the header is cut short (truncated file)");
      }
      byte[] json = new byte[(int) headerLength];
      readFully(channel, LENGTH_PREFIX_BYTES, (int) headerLength).get(json);
      long dataOffset = LENGTH_PREFIX_BYTES + headerLength;
      long dataLength = size - dataOffset;
      SafetensorsHeader header = SafetensorsHeader.parse(file, json, dataLength);
      Arena arena = Arena.ofShared();
      try {
        MemorySegment data =
            channel.map(FileChannel.MapMode.READ_ONLY, dataOffset, dataLength, arena).asReadOnly();
        return new SafetensorsFile(file, size, dataOffset, header, arena, data);
      } catch (IOException | RuntimeException e) {
        arena.close();
        throw e;
      }
    }
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (channel.read(buf, position + buf.position()) < 0) {
        throw new EOFException("file ended " + buf.position() + " bytes into a read of " + length);
      }
    }
    return buf.flip();
  }

  /** The file this was opened from. */
  public Path path() {
    return path;
  }

  /** Size of the file in bytes. */
  public long fileSize() {
    return fileSize;
  }

  /** Where the data section starts in the file: 8 + header length. Tensor offsets are relative to it. */
  public long dataSectionOffset() {
    return dataSectionOffset;
  }

  /** The header's {@code __metadata__} string map, in header order; empty when absent. */
  public SequencedMap<String, String> metadata() {
    return Collections.unmodifiableSequencedMap(header.metadata());
  }

  /** Every tensor's header entry, in header order. */
  public List<TensorInfo> tensors() {
    return header.tensors();
  }

  /** Whether the file holds a tensor of this name. */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /**
   * The header entry of tensor {@code name}.
   *
   * @throws SafetensorsException if the file holds no such tensor
   */
  public TensorInfo info(String name) throws SafetensorsException {
    TensorInfo info = byName.get(name);
    if (info == null) {
      throw SafetensorsException.ofTensor(path, name, "no such tensor in this file; it holds " + byName.size()
          + " tensors" + sample(byName.keySet().stream().toList()));
    }
    return info;
  }

  /**
   * Tensor {@code name}'s bytes as a read-only view into the mapping (no copy), valid until {@link #close()}.
   *
   * @throws SafetensorsException if the file holds no such tensor
   */
  public TensorData tensor(String name) throws SafetensorsException {
    return tensor(info(name));
  }

  /** The bytes of an entry of this file's {@link #tensors()}, as a read-only view (no copy). */
  public TensorData tensor(TensorInfo info) {
    if (!arena.scope().isAlive()) {
      throw new IllegalStateException(path + " is closed; open it again to read tensor '" + info.name() + "'");
    }
    if (byName.get(info.name()) != info && !info.equals(byName.get(info.name()))) {
      throw new IllegalArgumentException("tensor entry " + info + " does not belong to " + path);
    }
    return new TensorData(info.dtype(), info.shape(), data.asSlice(info.begin(), info.byteLength()));
  }

  /** Unmaps the file; views handed out before fail on access afterwards (they do not crash the JVM). */
  @Override
  public void close() {
    if (arena.scope().isAlive()) {
      arena.close();
    }
  }

  static String sample(List<String> names) {
    if (names.isEmpty()) {
      return "";
    }
    int shown = Math.min(5, names.size());
    return ", e.g. " + names.subList(0, shown).stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "))
        + (names.size() > shown ? ", ..." : "");
  }

  @Override
  public String toString() {
    return "SafetensorsFile[" + path + ", " + header.tensors().size() + " tensors, " + fileSize + " bytes]";
  }
}
