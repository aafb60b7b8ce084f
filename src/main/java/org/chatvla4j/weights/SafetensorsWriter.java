package org.chatvla4j.weights;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * Writes tensors to a {@code .safetensors} file, atomically (temp file + rename), in the order of the map given,
 * with the header padded to 8 bytes as the reference library pads it. Tensor bytes are streamed from their
 * {@link MemorySegment}s in chunks, so files of any size are written without holding them in one array.
 */
public final class SafetensorsWriter {
  /** Bytes handed to the channel per write: large enough for throughput, small for heap-to-direct copies. */
  private static final long CHUNK_BYTES = 8L << 20;

  private SafetensorsWriter() {}

  /**
   * Writes {@code tensors} (in their map order) and {@code metadata} (stored as {@code __metadata__}, omitted when
   * empty) to {@code file}, replacing it atomically.
   *
   * @throws IllegalArgumentException if a name is empty or {@code __metadata__}
   */
  public static void write(Path file, SequencedMap<String, TensorData> tensors, Map<String, String> metadata)
      throws IOException {
    List<TensorInfo> layout = layout(tensors);
    byte[] header = SafetensorsHeader.encode(metadata, layout);
    AtomicFiles.write(
        file,
        channel -> {
          ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
          writeFully(channel, prefix);
          writeFully(channel, ByteBuffer.wrap(header));
          for (TensorData t : tensors.values()) {
            stream(t.bytes(), channel);
          }
        });
  }

  /** The size {@link #write} would give the file, without writing it. */
  public static long fileSize(SequencedMap<String, TensorData> tensors, Map<String, String> metadata) {
    List<TensorInfo> layout = layout(tensors);
    long data = layout.isEmpty() ? 0 : layout.getLast().end();
    return 8 + SafetensorsHeader.encode(metadata, layout).length + data;
  }

  /** The header entries: tensors placed back to back in map order. */
  static List<TensorInfo> layout(SequencedMap<String, TensorData> tensors) {
    List<TensorInfo> out = new ArrayList<>(tensors.size());
    long offset = 0;
    for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "tensor name");
      TensorData t = Objects.requireNonNull(e.getValue(), () -> "tensor '" + name + "' is null");
      if (name.isEmpty() || name.equals(SafetensorsHeader.METADATA_KEY)) {
        throw new IllegalArgumentException(
            "tensor name '" + name + "' is not allowed: names must be non-empty and not " + SafetensorsHeader.METADATA_KEY);
      }
      long end = Math.addExact(offset, t.byteSize());
      out.add(new TensorInfo(name, t.dtype(), t.shape(), offset, end));
      offset = end;
    }
    return out;
  }

  private static void stream(MemorySegment source, FileChannel channel) throws IOException {
    long size = source.byteSize();
    for (long offset = 0; offset < size; offset += CHUNK_BYTES) {
      writeFully(channel, source.asSlice(offset, Math.min(CHUNK_BYTES, size - offset)).asByteBuffer());
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
  }
}
