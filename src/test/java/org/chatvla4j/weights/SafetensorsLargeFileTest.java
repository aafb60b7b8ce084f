package org.chatvla4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offsets past 2^31: a sparse file whose last tensor lives beyond 2 GiB (cheap: setLength allocates no blocks). */
class SafetensorsLargeFileTest {
  private static final long TWO_GIB = 1L << 31;

  @TempDir Path dir;

  @Test
  void readsATensorStoredPast2GiB() throws IOException {
    long fillerBytes = TWO_GIB + 8;
    List<TensorInfo> layout =
        List.of(
            new TensorInfo("filler", SafetensorsDtype.U8, new long[] {fillerBytes}, 0, fillerBytes),
            new TensorInfo("tail", SafetensorsDtype.F32, new long[] {3}, fillerBytes, fillerBytes + 12),
            new TensorInfo("tail.bf16", SafetensorsDtype.BF16, new long[] {2}, fillerBytes + 12, fillerBytes + 16));
    byte[] header = SafetensorsHeader.encode(Map.of(), layout);
    long dataStart = 8 + header.length;
    Path file = dir.resolve("sparse.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
      raf.write(prefix.array());
      raf.write(header);
      raf.setLength(dataStart + fillerBytes + 16);
      raf.seek(dataStart + fillerBytes);
      ByteBuffer tail = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      tail.putFloat(1.5f).putFloat(-2.25f).putFloat(1e30f).putShort((short) 0x3F80).putShort((short) 0xC020);
      raf.write(tail.array());
    }

    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(dataStart + fillerBytes + 16, f.fileSize());
      TensorInfo info = f.info("tail");
      assertEquals(2147483656L, info.begin());
      assertTrue(f.dataSectionOffset() + info.begin() > Integer.MAX_VALUE);
      assertArrayEquals(new float[] {1.5f, -2.25f, 1e30f}, f.tensor("tail").toFloatArray());
      assertArrayEquals(new float[] {1.0f, -2.5f}, f.tensor("tail.bf16").toFloatArray());

      TensorData filler = f.tensor("filler");
      assertEquals(fillerBytes, filler.byteSize());
      assertEquals(fillerBytes, filler.elementCount());
      assertEquals(0, filler.bytes().get(ValueLayout.JAVA_BYTE, fillerBytes - 1));
      var tooBig = assertThrows(IllegalStateException.class, filler::asByteBuffer);
      assertEquals(
          "tensor of 2147483656 bytes is larger than a ByteBuffer can address (2147483647): use bytes(), a"
              + " MemorySegment",
          tooBig.getMessage());
      var noArray = assertThrows(IllegalStateException.class, filler::toByteArray);
      assertTrue(noArray.getMessage().startsWith("tensor has 2147483656 bytes, more than a Java array holds"));
    }
  }

  /** The writer's layout arithmetic past 2^31, without writing: sizes and offsets stay exact longs. */
  @Test
  void writerLaysOutTensorsPast2GiB() throws IOException {
    try (Arena arena = Arena.ofShared()) {
      SequencedMap<String, TensorData> tensors = bigThenTail(arena, sparseFile(TWO_GIB + 64));
      List<TensorInfo> layout = SafetensorsWriter.layout(tensors);
      assertEquals(new TensorInfo("tail", SafetensorsDtype.F32, new long[] {2}, TWO_GIB + 64, TWO_GIB + 72),
          layout.get(1));
      byte[] header = SafetensorsHeader.encode(Map.of(), layout);
      assertEquals(8 + header.length + TWO_GIB + 72, SafetensorsWriter.fileSize(tensors, Map.of()));
    }
  }

  /**
   * Streams a 2 GiB + 72 byte file through the writer and reads its tail back. Writes 2 GiB to a temp dir (16–25 s
   * measured on the 2-core dev machine): the price of checking the writer's 64-bit offsets on a real file.
   */
  @Test
  void writerStreamsAFilePast2GiB() throws IOException {
    Path out = dir.resolve("big.safetensors");
    try (Arena arena = Arena.ofShared()) {
      SafetensorsWriter.write(out, bigThenTail(arena, sparseFile(TWO_GIB + 64)), Map.of("format", "pt"));
    }
    try (SafetensorsFile f = SafetensorsFile.open(out)) {
      assertEquals(f.dataSectionOffset() + TWO_GIB + 72, Files.size(out));
      assertEquals(TWO_GIB + 64, f.info("tail").begin());
      assertArrayEquals(new float[] {3f, -4f}, f.tensor("tail").toFloatArray());
      assertEquals(0, f.tensor("big").bytes().get(ValueLayout.JAVA_BYTE, TWO_GIB + 63));
    }
  }

  private Path sparseFile(long length) throws IOException {
    Path src = dir.resolve("sparse-" + length + ".bin");
    try (RandomAccessFile raf = new RandomAccessFile(src.toFile(), "rw")) {
      raf.setLength(length);
    }
    return src;
  }

  private static SequencedMap<String, TensorData> bigThenTail(Arena arena, Path sparse) throws IOException {
    MemorySegment big;
    try (FileChannel ch = FileChannel.open(sparse, StandardOpenOption.READ)) {
      big = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
    }
    SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
    tensors.put("big", new TensorData(SafetensorsDtype.U8, new long[] {big.byteSize()}, big));
    tensors.put("tail", TensorData.fromFloats(SafetensorsDtype.F32, new long[] {2}, new float[] {3f, -4f}));
    return tensors;
  }
}
