package org.chatvla4j.data;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Converts jhdf's values (numbers of any width, strings of any kind, h5py-style booleans) to what the layout needs. */
final class HdfValues {
  private HdfValues() {}

  /** Reads a rank-2 numeric dataset as {@code float[rows][cols]}, rejecting other ranks, types and non-finite values. */
  static float[][] floatMatrix(Path file, String path, Dataset ds) {
    int[] dims = ds.getDimensions();
    if (dims.length != 2) {
      throw new EpisodeFormatException(
          file, path, "has rank " + dims.length + " (shape " + Arrays.toString(dims) + "); expected (T, dim)");
    }
    if (!(ds.getDataType() instanceof FloatingPoint || ds.getDataType() instanceof FixedPoint)) {
      throw new EpisodeFormatException(
          file, path, "has type " + ds.getDataType().getClass().getSimpleName() + "; expected floating point numbers");
    }
    int rows = dims[0];
    int cols = dims[1];
    if (rows == 0 || cols == 0) {
      throw new EpisodeFormatException(file, path, "is empty (shape " + Arrays.toString(dims) + ")");
    }
    Object flat = ds.getDataFlat();
    float[][] out = new float[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        float v = ((Number) Array.get(flat, r * cols + c)).floatValue();
        if (!Float.isFinite(v)) {
          throw new EpisodeFormatException(file, path, "value [" + r + "][" + c + "] is " + v + "; values must be finite");
        }
        out[r][c] = v;
      }
    }
    return out;
  }

  /**
   * Reads a string dataset (scalar or rank 1) as a list. Fixed-length strings are decoded as UTF-8 from their bytes
   * whatever charset the file declares: h5py stores Python {@code bytes} as "ASCII" even when they hold UTF-8, which
   * jhdf would otherwise turn into replacement characters.
   */
  static List<String> strings(Path file, String path, Dataset ds) {
    int[] dims = ds.getDimensions();
    if (dims.length > 1) {
      throw new EpisodeFormatException(
          file, path, "has rank " + dims.length + " (shape " + Arrays.toString(dims) + "); expected a list of strings");
    }
    if (ds.getDataType() instanceof StringData sd && ds instanceof DatasetBase base) {
      int size = sd.getSize();
      ByteBuffer raw = base.getDataBuffer();
      int n = dims.length == 0 ? 1 : dims[0];
      String[] out = new String[n];
      byte[] element = new byte[size];
      for (int i = 0; i < n; i++) {
        raw.get(i * size, element);
        out[i] = decodeFixed(element, sd.getPaddingType());
      }
      return List.of(out);
    }
    if (ds.getDataType() instanceof VariableLength || ds.getDataType() instanceof StringData) {
      Object data = ds.getData();
      if (data instanceof String s) {
        return List.of(s);
      }
      if (data instanceof String[] a) {
        return List.of(a);
      }
    }
    throw new EpisodeFormatException(
        file, path, "has type " + ds.getDataType().getClass().getSimpleName() + "; expected strings");
  }

  private static String decodeFixed(byte[] element, StringData.PaddingType padding) {
    int end = element.length;
    if (padding == StringData.PaddingType.SPACE_PADDED) {
      while (end > 0 && element[end - 1] == ' ') {
        end--;
      }
    } else {
      for (int i = 0; i < element.length; i++) {
        if (element[i] == 0) {
          end = i;
          break;
        }
      }
    }
    return new String(element, 0, end, StandardCharsets.UTF_8);
  }

  /**
   * Reads a boolean-like attribute: jhdf booleans, h5py's enum booleans (which jhdf reports as "TRUE"/"FALSE"),
   * numbers (non-zero is true) and one-element arrays of those.
   */
  static boolean truthy(Path file, Attribute attribute) {
    Object v = attribute.getData();
    if (v != null && v.getClass().isArray() && Array.getLength(v) == 1) {
      v = Array.get(v, 0);
    }
    switch (v) {
      case Boolean b -> {
        return b;
      }
      case Number n -> {
        return n.doubleValue() != 0;
      }
      case String s when s.equalsIgnoreCase("true") || s.equals("1") -> {
        return true;
      }
      case String s when s.equalsIgnoreCase("false") || s.equals("0") || s.isEmpty() -> {
        return false;
      }
      case null, default -> throw new EpisodeFormatException(
          file, "/@" + attribute.getName(), "value " + describe(v) + " is not a boolean (expected true/false or 0/1)");
    }
  }

  private static String describe(Object v) {
    if (v != null && v.getClass().isArray()) {
      return v.getClass().getComponentType().getSimpleName() + "[" + Array.getLength(v) + "]";
    }
    return String.valueOf(v);
  }
}
