package org.chatvla4j.weights;

import static org.chatvla4j.weights.SafetensorsTestFiles.writeRaw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each malformed input gives a SafetensorsException whose message names the file, the tensor and the problem. */
class SafetensorsValidationTest {
  @TempDir Path dir;

  private static final String A_16 = "\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}";

  /** Opens {@code file}, expecting failure; checks file and tensor are named and returns the problem text. */
  private static String failure(Path file, String tensor) {
    SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(file).close());
    assertEquals(file, e.file());
    assertEquals(Optional.ofNullable(tensor), e.tensor());
    String prefix = file + (tensor == null ? "" : ": tensor '" + tensor + "'") + ": ";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    assertEquals(prefix + e.problem(), e.getMessage());
    return e.problem();
  }

  @Test
  void fileShorterThanTheLengthPrefix() throws IOException {
    Path f = Files.write(dir.resolve("short.safetensors"), new byte[] {1, 2, 3, 4, 5});
    assertEquals(
        "file is 5 bytes, shorter than the 8-byte header length prefix: truncated or not a safetensors file",
        failure(f, null));
  }

  @Test
  void emptyFile() throws IOException {
    Path f = Files.write(dir.resolve("empty.safetensors"), new byte[0]);
    assertTrue(failure(f, null).startsWith("file is 0 bytes"));
  }

  @Test
  void headerShorterThanDeclared() throws IOException {
    Path f = writeRaw(dir.resolve("cut.safetensors"), 1000, "{\"a\":", new byte[0]);
    assertEquals(
        "header length prefix is 1000 bytes but only 5 bytes follow it: the header is cut short (truncated file)",
        failure(f, null));
  }

  @Test
  void headerLengthBeyondTheFormatLimit() throws IOException {
    // A zip's first 8 bytes "PK\3\4\24\0\0\0" read as a length: refused before any allocation.
    Path f = writeRaw(dir.resolve("huge.safetensors"), 85966670672L, "{}", new byte[0]);
    assertEquals(
        "header length prefix is 85966670672 bytes, above the format's limit of 100000000: not a"
            + " safetensors file or corrupt",
        failure(f, null));
    Path negative = writeRaw(dir.resolve("neg.safetensors"), -1L, "{}", new byte[0]);
    assertTrue(failure(negative, null).startsWith("header length prefix is 18446744073709551615 bytes"));
  }

  @Test
  void headerIsNotJson() throws IOException {
    Path f = writeRaw(dir.resolve("nojson.safetensors"), "{\"a\": nope}", new byte[0]);
    String problem = failure(f, null);
    assertTrue(problem.startsWith("header is not valid JSON at line 1, column "), problem);
    assertTrue(problem.contains("nope"), problem);
  }

  @Test
  void headerHasTrailingGarbage() throws IOException {
    Path f = writeRaw(dir.resolve("trail.safetensors"), "{} {}", new byte[0]);
    assertTrue(failure(f, null).startsWith("header is not valid JSON"));
  }

  @Test
  void headerIsNotUtf8() throws IOException {
    Path f = writeRaw(dir.resolve("latin1.safetensors"), 4, "", new byte[] {'{', (byte) 0xE9, '}', ' '});
    assertEquals("header is not valid UTF-8 text: not a safetensors file or corrupt", failure(f, null));
  }

  @Test
  void headerIsNotAnObject() throws IOException {
    Path f = writeRaw(dir.resolve("array.safetensors"), "[1, 2]", new byte[0]);
    assertEquals("header must be a JSON object of tensor entries, found array", failure(f, null));
  }

  @Test
  void headerIsBlank() throws IOException {
    Path f = writeRaw(dir.resolve("blank.safetensors"), "        ", new byte[0]);
    assertEquals("header is empty (8 bytes of whitespace): expected a JSON object", failure(f, null));
  }

  @Test
  void duplicateTensorName() throws IOException {
    Path f = writeRaw(dir.resolve("dup.safetensors"), "{" + A_16 + "," + A_16 + "}", new byte[16]);
    assertTrue(failure(f, null).contains("Duplicate field 'a'"));
  }

  @Test
  void unknownDtype() throws IOException {
    Path f =
        writeRaw(
            dir.resolve("dtype.safetensors"),
            "{\"w\":{\"dtype\":\"F17\",\"shape\":[4],\"data_offsets\":[0,16]}}",
            new byte[16]);
    String problem = failure(f, "w");
    assertTrue(problem.startsWith("unknown dtype 'F17' (the format's dtypes: BOOL, U8, I8,"), problem);
    Path lower =
        writeRaw(
            dir.resolve("lower.safetensors"),
            "{\"w\":{\"dtype\":\"f32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
            new byte[16]);
    assertTrue(failure(lower, "w").contains("names are upper case"));
  }

  @Test
  void subByteDtypeIsNamedAsUnsupported() throws IOException {
    Path f =
        writeRaw(
            dir.resolve("f4.safetensors"), "{\"w\":{\"dtype\":\"F4\",\"shape\":[4],\"data_offsets\":[0,2]}}", new byte[2]);
    assertEquals(
        "dtype 'F4' packs several elements per byte, which this reader does not support", failure(f, "w"));
  }

  @Test
  void negativeDimension() throws IOException {
    Path f =
        writeRaw(
            dir.resolve("neg.safetensors"),
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-3],\"data_offsets\":[0,24]}}",
            new byte[24]);
    assertEquals("shape [2, -3] has negative dimension -3", failure(f, "w"));
  }

  @Test
  void shapeTimesDtypeDiffersFromByteRange() throws IOException {
    Path f =
        writeRaw(
            dir.resolve("size.safetensors"),
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}",
            new byte[20]);
    assertEquals(
        "shape [2, 3] of F32 (4 bytes each) needs 24 bytes but data_offsets [0, 20] span 20", failure(f, "w"));
  }

  @Test
  void shapeOverflowsSixtyFourBits() throws IOException {
    Path f =
        writeRaw(
            dir.resolve("overflow.safetensors"),
            "{\"w\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}",
            new byte[8]);
    assertEquals("shape [4294967296, 4294967296] × F64 overflows 64 bits", failure(f, "w"));
  }

  @Test
  void dataOffsetsPastTheEndOfTheFile() throws IOException {
    // A file cut inside its data section: the header promises 16 bytes, 10 are there.
    Path f = writeRaw(dir.resolve("truncdata.safetensors"), "{" + A_16 + "}", new byte[10]);
    assertEquals(
        "data_offsets [0, 16] reach past the end of the data section, which holds 10 bytes: the file is truncated"
            + " or the header is wrong",
        failure(f, "a"));
  }

  @Test
  void dataOffsetsReversed() throws IOException {
    Path f =
        writeRaw(
            dir.resolve("rev.safetensors"),
            "{\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[8,4]}}",
            new byte[8]);
    assertEquals("data_offsets [8, 4] must satisfy 0 <= begin <= end", failure(f, "w"));
  }

  @Test
  void dataOffsetsBeyondSixtyFourBits() throws IOException {
    Path f =
        writeRaw(
            dir.resolve("big.safetensors"),
            "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}",
            new byte[1]);
    assertEquals(
        "field 'data_offsets' must be an array of 2 integers that fit in 64 bits, found [0,99999999999999999999]",
        failure(f, "w"));
  }

  @Test
  void malformedEntryFields() throws IOException {
    Path noOffsets =
        writeRaw(dir.resolve("nooff.safetensors"), "{\"w\":{\"dtype\":\"U8\",\"shape\":[1]}}", new byte[1]);
    assertEquals("field 'data_offsets' must be an array of 2 integers, found null", failure(noOffsets, "w"));
    Path floatDim =
        writeRaw(
            dir.resolve("floatdim.safetensors"),
            "{\"w\":{\"dtype\":\"U8\",\"shape\":[1.0],\"data_offsets\":[0,1]}}",
            new byte[1]);
    assertEquals(
        "field 'shape' must be an array of integers that fit in 64 bits, found [1.0]", failure(floatDim, "w"));
    Path notObject = writeRaw(dir.resolve("notobj.safetensors"), "{\"w\":[1]}", new byte[0]);
    assertEquals("entry must be an object {dtype, shape, data_offsets}, found [1]", failure(notObject, "w"));
  }

  @Test
  void overlappingTensors() throws IOException {
    Path f =
        writeRaw(
            dir.resolve("overlap.safetensors"),
            "{" + A_16 + ",\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}",
            new byte[24]);
    assertEquals("data_offsets [8, 24] overlap tensor 'a' [0, 16]", failure(f, "b"));
  }

  @Test
  void gapBetweenTensors() throws IOException {
    Path f =
        writeRaw(
            dir.resolve("gap.safetensors"),
            "{" + A_16 + ",\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[20,36]}}",
            new byte[36]);
    assertEquals(
        "data_offsets [20, 36] leave bytes [16, 20) after tensor 'a' covered by no tensor", failure(f, "b"));
  }

  @Test
  void firstTensorDoesNotStartAtZero() throws IOException {
    Path f =
        writeRaw(
            dir.resolve("late.safetensors"),
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[4,20]}}",
            new byte[20]);
    assertEquals(
        "data_offsets [4, 20] leave bytes [0, 4) after the start of the data section covered by no tensor",
        failure(f, "a"));
  }

  @Test
  void trailingBytesCoveredByNoTensor() throws IOException {
    Path f = writeRaw(dir.resolve("tail.safetensors"), "{" + A_16 + "}", new byte[20]);
    assertEquals(
        "the data section holds 20 bytes but the last tensor 'a' ends at 16: 4 trailing bytes are covered by no"
            + " tensor",
        failure(f, null));
  }

  @Test
  void metadataValueMustBeAString() throws IOException {
    Path f = writeRaw(dir.resolve("meta.safetensors"), "{\"__metadata__\":{\"step\":12}}", new byte[0]);
    assertEquals(
        "__metadata__ value of key 'step' must be a string, found 12 (the format allows string values only)",
        failure(f, null));
  }

  @Test
  void missingFile() {
    assertEquals("no such file", failure(dir.resolve("absent.safetensors"), null));
  }

  @Test
  void headerWithoutTensorsAndNoDataIsValid() throws IOException {
    Path f = writeRaw(dir.resolve("none.safetensors"), "{}      ", new byte[0]);
    try (SafetensorsFile file = SafetensorsFile.open(f)) {
      assertEquals(0, file.tensors().size());
      assertEquals(16, file.dataSectionOffset());
    }
  }
}
