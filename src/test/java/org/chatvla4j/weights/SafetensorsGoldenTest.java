package org.chatvla4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads {@code golden/safetensors/small.safetensors}, written by {@code make_small.py} beside it. That script follows
 * the reference serializer's layout with the Python standard library (the {@code safetensors} package is not
 * installable here). To regenerate: {@code python3 make_small.py}; the file must come out byte-identical.
 */
class SafetensorsGoldenTest {
  @TempDir Path dir;

  private Path golden() throws IOException {
    Path file = dir.resolve("small.safetensors");
    try (InputStream in = getClass().getResourceAsStream("/golden/safetensors/small.safetensors")) {
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void readsEveryTensorOfTheGoldenFile() throws IOException {
    try (SafetensorsFile f = SafetensorsFile.open(golden())) {
      assertEquals(801, f.fileSize());
      assertEquals(8 + 704, f.dataSectionOffset());
      assertEquals(Map.of("format", "pt"), f.metadata());
      // The reference order: dtype by descending alignment, then name.
      assertEquals(
          List.of("ids", "scale", "empty", "proj.weight", "pos", "embed.weight", "norm.weight", "short", "signed",
              "pixels", "mask"),
          f.tensors().stream().map(TensorInfo::name).toList());
      assertEquals(
          new TensorInfo("embed.weight", SafetensorsDtype.BF16, new long[] {2, 3}, 56, 68), f.info("embed.weight"));
      assertEquals(new TensorInfo("empty", SafetensorsDtype.F32, new long[] {0, 3}, 32, 32), f.info("empty"));

      assertArrayEquals(
          new float[] {1.0f, -2.5f, 3.140625f, 0.15625f, -0.0f, 65280.0f}, f.tensor("embed.weight").toFloatArray());
      assertArrayEquals(new float[] {1.0f, -0.5f, 65504.0f, 0x1p-24f}, f.tensor("norm.weight").toFloatArray());
      assertArrayEquals(new float[] {0.1f, -1.5f, 1e-3f, 42.0f}, f.tensor("proj.weight").toFloatArray());
      assertEquals(0, f.tensor("empty").toFloatArray().length);
      assertEquals(2.718281828459045, f.tensor("scale").asByteBuffer().getDouble(0));
      assertEquals(0, f.info("scale").rank());

      ByteBuffer ids = f.tensor("ids").asByteBuffer();
      assertArrayEquals(new long[] {-1, 0, (1L << 40) + 7}, new long[] {ids.getLong(0), ids.getLong(8), ids.getLong(16)});
      ByteBuffer pos = f.tensor("pos").asByteBuffer();
      assertArrayEquals(new int[] {-7, Integer.MAX_VALUE}, new int[] {pos.getInt(0), pos.getInt(4)});
      ByteBuffer sh = f.tensor("short").asByteBuffer();
      assertArrayEquals(new short[] {-32768, 12345}, new short[] {sh.getShort(0), sh.getShort(2)});
      assertArrayEquals(new byte[] {-128, 127}, f.tensor("signed").toByteArray());
      assertArrayEquals(new byte[] {0, 127, (byte) 128, (byte) 255}, f.tensor("pixels").toByteArray());
      assertArrayEquals(new byte[] {1, 0, 1}, f.tensor("mask").toByteArray());
    }
  }

  /** Writing the golden's tensors back in its order gives its exact bytes: header text, padding, data. */
  @Test
  void rewritingTheGoldenFileReproducesItsBytes() throws IOException {
    Path golden = golden();
    Path copy = dir.resolve("copy.safetensors");
    try (SafetensorsFile f = SafetensorsFile.open(golden)) {
      SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
      f.tensors().forEach(t -> tensors.put(t.name(), f.tensor(t)));
      SafetensorsWriter.write(copy, tensors, f.metadata());
    }
    assertArrayEquals(Files.readAllBytes(golden), Files.readAllBytes(copy));
  }
}
