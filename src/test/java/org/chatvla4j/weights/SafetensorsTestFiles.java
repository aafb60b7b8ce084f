package org.chatvla4j.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Hand-made files for the tests: raw headers the writer would never produce, and seeded random tensors. */
final class SafetensorsTestFiles {
  private SafetensorsTestFiles() {}

  /** Writes {@code prefix} (as the 8-byte length), the header text verbatim, then {@code data}. */
  static Path writeRaw(Path file, long prefix, String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(prefix).put(h).put(data);
    Files.write(file, buf.array());
    return file;
  }

  /** A well-formed prefix: the header's real length. */
  static Path writeRaw(Path file, String header, byte[] data) throws IOException {
    return writeRaw(file, header.getBytes(StandardCharsets.UTF_8).length, header, data);
  }

  static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
