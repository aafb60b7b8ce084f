package org.chatvla4j.weights;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An element type of the safetensors format, under the name the format writes in the header ({@code "BF16"}).
 *
 * <p>Every whole-byte dtype of the format is here. The sub-byte types of newer writers (F4, F6_E2M3, F6_E3M2) are
 * recognised by name only so that the reader can say they are unsupported rather than unknown.
 */
public enum SafetensorsDtype {
  BOOL(1),
  U8(1),
  I8(1),
  F8_E5M2(1),
  F8_E4M3(1),
  F8_E8M0(1),
  I16(2),
  U16(2),
  F16(2),
  BF16(2),
  I32(4),
  U32(4),
  F32(4),
  F64(8),
  I64(8),
  U64(8),
  C64(8);

  private static final java.util.Set<String> SUB_BYTE = java.util.Set.of("F4", "F6_E2M3", "F6_E3M2");

  private final int byteSize;

  SafetensorsDtype(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes one element takes in the file. */
  public int byteSize() {
    return byteSize;
  }

  /** The name the format writes in the header, e.g. {@code "F8_E4M3"}. */
  public String headerName() {
    return name();
  }

  /** Whether {@link TensorData#toFloatArray()} can widen this dtype to float. */
  public boolean isFloatingPoint() {
    return this == F16 || this == BF16 || this == F32 || this == F64;
  }

  /** The dtype written as {@code headerName} in a header, if the format has such a whole-byte dtype. */
  public static Optional<SafetensorsDtype> fromHeaderName(String headerName) {
    for (SafetensorsDtype d : values()) {
      if (d.name().equals(headerName)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** Why {@code headerName} is no dtype this reader takes, for error messages. */
  static String explainUnknown(String headerName) {
    if (SUB_BYTE.contains(headerName.toUpperCase(Locale.ROOT))) {
      return "dtype '" + headerName + "' packs several elements per byte, which this reader does not support";
    }
    return "unknown dtype '"
        + headerName
        + "' (the format's dtypes: "
        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
        + "; names are upper case)";
  }
}
