package org.chatvla4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
  @TempDir Path dir;

  @Test
  void everyDtypeRoundTripsBitwise() throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
    long[] shape = {3, 5};
    for (SafetensorsDtype d : SafetensorsDtype.values()) {
      // Random bits include NaN payloads, subnormals and negative zeros: all must survive untouched.
      byte[] bytes = SafetensorsTestFiles.randomBytes(random, 15 * d.byteSize());
      tensors.put("t." + d.name().toLowerCase(), TensorData.ofBytes(d, shape, bytes));
    }
    tensors.put("scalar", TensorData.fromFloats(SafetensorsDtype.F32, new long[0], new float[] {-0.0f}));
    tensors.put("zero.size", TensorData.ofBytes(SafetensorsDtype.BF16, new long[] {4, 0}, new byte[0]));
    Path file = dir.resolve("all.safetensors");
    SafetensorsWriter.write(file, tensors, Map.of());

    assertEquals(SafetensorsWriter.fileSize(tensors, Map.of()), Files.size(file));
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(List.copyOf(tensors.keySet()), f.tensors().stream().map(TensorInfo::name).toList());
      assertEquals(0, f.dataSectionOffset() % 8, "header padded to 8 bytes");
      assertTrue(f.metadata().isEmpty());
      for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
        TensorData read = f.tensor(e.getKey());
        assertEquals(e.getValue().dtype(), read.dtype());
        assertArrayEquals(e.getValue().shape(), read.shape());
        assertArrayEquals(e.getValue().toByteArray(), read.toByteArray(), e.getKey());
        assertEquals(e.getValue(), read);
      }
      assertEquals(0x80000000, Float.floatToRawIntBits(f.tensor("scalar").toFloatArray()[0]));
      assertEquals(0, f.info("scalar").rank());
      assertEquals(1, f.info("scalar").elementCount());
      assertEquals(0, f.tensor("zero.size").byteSize());
    }
  }

  @Test
  void floatsRoundTripThroughEachFloatDtype() throws IOException {
    float[] values = {1.0f, -2.5f, 0.15625f, 3.140625f, -0.0f, 65280f};
    long[] shape = {2, 3};
    SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
    for (SafetensorsDtype d :
        List.of(SafetensorsDtype.F32, SafetensorsDtype.F64, SafetensorsDtype.F16, SafetensorsDtype.BF16)) {
      tensors.put(d.name(), TensorData.fromFloats(d, shape, values));
    }
    Path file = dir.resolve("floats.safetensors");
    SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      for (String name : tensors.keySet()) {
        // Every value is exact in all four formats, so the round trip is exact too.
        assertArrayEquals(values, f.tensor(name).toFloatArray(), name);
      }
      short[] bf16 = new short[6];
      f.tensor("BF16").asByteBuffer().asShortBuffer().get(bf16);
      assertArrayEquals(
          new short[] {0x3F80, (short) 0xC020, 0x3E20, 0x4049, (short) 0x8000, 0x477F}, bf16);
      assertEquals(6 * 2, f.info("BF16").byteLength());
    }
  }

  @Test
  void metadataIsPreservedInOrder() throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("step", "1200");
    metadata.put("note", "ünïcode \"quoted\" \\ slash\nnew line");
    Path file = dir.resolve("meta.safetensors");
    SequencedMap<String, TensorData> one = new LinkedHashMap<>();
    one.put("w", TensorData.fromFloats(SafetensorsDtype.F32, new long[] {1}, new float[] {1f}));
    SafetensorsWriter.write(file, one, metadata);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(List.copyOf(metadata.entrySet()), List.copyOf(f.metadata().entrySet()));
    }
  }

  /**
   * The writer's bytes equal the reference library's for the cases its own unit tests pin down (tensor.rs
   * test_serialization, test_serialization_forced_alignement, test_empty): compact JSON, space padding to 8.
   */
  @Test
  void writerBytesMatchTheReferenceSerializer() throws IOException {
    float[] zeroToFive = {0, 1, 2, 3, 4, 5};
    SequencedMap<String, TensorData> t = new LinkedHashMap<>();
    t.put("attn.0", TensorData.fromFloats(SafetensorsDtype.F32, new long[] {1, 2, 3}, zeroToFive));
    assertArrayEquals(
        expected("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", 64, zeroToFive),
        write(t, Map.of()));

    t.clear();
    t.put("attn0", TensorData.fromFloats(SafetensorsDtype.F32, new long[] {1, 1, 2, 3}, zeroToFive));
    assertArrayEquals(
        expected("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ", 72, zeroToFive),
        write(t, Map.of()));

    t.clear();
    assertArrayEquals(expected("{}      ", 8, new float[0]), write(t, Map.of()));
    assertArrayEquals(
        expected("{\"__metadata__\":{\"framework\":\"pt\"}}     ", 40, new float[0]),
        write(t, Map.of("framework", "pt")));
  }

  private byte[] write(SequencedMap<String, TensorData> tensors, Map<String, String> metadata) throws IOException {
    Path file = dir.resolve("ref.safetensors");
    SafetensorsWriter.write(file, tensors, metadata);
    return Files.readAllBytes(file);
  }

  private static byte[] expected(String header, long headerLength, float[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength);
    out.writeBytes(prefix.array());
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    assertEquals(headerLength, h.length, "test vector header length");
    out.writeBytes(h);
    ByteBuffer d = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : data) {
      d.putFloat(f);
    }
    out.writeBytes(d.array());
    return out.toByteArray();
  }

  @Test
  void writerStreamsFromNativeAndMappedSegments() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    Path first = dir.resolve("first.safetensors");
    Path second = dir.resolve("second.safetensors");
    try (Arena arena = Arena.ofConfined()) {
      // 20 MiB: more than two of the writer's 8 MiB chunks.
      long n = 5L << 20;
      MemorySegment big = arena.allocate(n * 4, 8);
      for (long i = 0; i < n; i++) {
        big.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, random.nextInt());
      }
      SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
      tensors.put("big", new TensorData(SafetensorsDtype.I32, new long[] {n}, big));
      SafetensorsWriter.write(first, tensors, Map.of());
      try (SafetensorsFile f = SafetensorsFile.open(first)) {
        assertEquals(-1, f.tensor("big").bytes().mismatch(big));
        // Copy straight from one file's mapping into another file.
        SequencedMap<String, TensorData> copy = new LinkedHashMap<>();
        copy.put("again", f.tensor("big"));
        SafetensorsWriter.write(second, copy, Map.of());
      }
      try (SafetensorsFile g = SafetensorsFile.open(second)) {
        assertEquals(-1, g.tensor("again").bytes().mismatch(big));
      }
    }
  }

  @Test
  void writeReplacesAtomicallyAndLeavesNoTempFile() throws IOException {
    Path file = dir.resolve("model.safetensors");
    SequencedMap<String, TensorData> v1 = new LinkedHashMap<>();
    v1.put("w", TensorData.fromFloats(SafetensorsDtype.F32, new long[] {2}, new float[] {1, 2}));
    SafetensorsWriter.write(file, v1, Map.of());
    try (SafetensorsFile old = SafetensorsFile.open(file)) {
      SequencedMap<String, TensorData> v2 = new LinkedHashMap<>();
      v2.put("w", TensorData.fromFloats(SafetensorsDtype.F32, new long[] {3}, new float[] {4, 5, 6}));
      SafetensorsWriter.write(file, v2, Map.of());
      // The file open before the replace still sees its own (old) bytes: a rename, not an overwrite.
      assertArrayEquals(new float[] {1, 2}, old.tensor("w").toFloatArray());
    }
    try (SafetensorsFile now = SafetensorsFile.open(file)) {
      assertArrayEquals(new float[] {4, 5, 6}, now.tensor("w").toFloatArray());
    }
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(List.of("model.safetensors"), entries.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void failedWriteKeepsTheOldFile() throws IOException {
    Path file = dir.resolve("keep.safetensors");
    SequencedMap<String, TensorData> v1 = new LinkedHashMap<>();
    v1.put("w", TensorData.fromFloats(SafetensorsDtype.F32, new long[] {1}, new float[] {9}));
    SafetensorsWriter.write(file, v1, Map.of());
    byte[] before = Files.readAllBytes(file);
    SequencedMap<String, TensorData> bad = new LinkedHashMap<>();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment gone = arena.allocate(4);
      bad.put("w", new TensorData(SafetensorsDtype.F32, new long[] {1}, gone));
    }
    // The source's arena is closed: streaming fails half way, after the header was written to the temp file.
    assertThrows(IllegalStateException.class, () -> SafetensorsWriter.write(file, bad, Map.of()));
    assertArrayEquals(before, Files.readAllBytes(file));
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(1, entries.count(), "temp file removed");
    }
  }

  @Test
  void writerRejectsReservedAndEmptyNames() {
    TensorData one = TensorData.fromFloats(SafetensorsDtype.F32, new long[] {1}, new float[] {1});
    for (String name : List.of("", "__metadata__")) {
      SequencedMap<String, TensorData> t = new LinkedHashMap<>();
      t.put(name, one);
      var e = assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(dir.resolve("x"), t, Map.of()));
      assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }
  }

  @Test
  void tensorDataChecksByteLengthAgainstShape() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TensorData.ofBytes(SafetensorsDtype.BF16, new long[] {2, 3}, new byte[10]));
    assertEquals("shape [2, 3] of BF16 (2 bytes each) needs 12 bytes, but 10 were given", e.getMessage());
  }

  @Test
  void viewsAreReadOnlyAndDieWithTheFile() throws IOException {
    Path file = dir.resolve("ro.safetensors");
    SequencedMap<String, TensorData> t = new LinkedHashMap<>();
    t.put("w", TensorData.fromFloats(SafetensorsDtype.F32, new long[] {2}, new float[] {1, 2}));
    SafetensorsWriter.write(file, t, Map.of());
    TensorData view;
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      view = f.tensor("w");
      assertTrue(view.bytes().isReadOnly());
      assertTrue(view.asByteBuffer().isReadOnly());
      assertThrows(
          IllegalArgumentException.class, () -> view.bytes().set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
      var missing = assertThrows(SafetensorsException.class, () -> f.tensor("v"));
      assertEquals(file + ": tensor 'v': no such tensor in this file; it holds 1 tensors, e.g. 'w'", missing.getMessage());
    }
    // Reading after close is an exception, not a crash of the JVM.
    assertThrows(IllegalStateException.class, view::toFloatArray);
  }
}
