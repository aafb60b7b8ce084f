package org.chatvla4j.model.vision;

import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;

/**
 * The {@code grid_thw} of a vision batch read into Java: per image its temporal, height and width patch counts, checked
 * against the merge size. Everything the tower derives from the grid (rotary positions, attention segments, patch count)
 * is computed here in plain Java, so it is testable without tensors.
 */
public final class VisionGrid {
  private final long[][] thw;
  private final int mergeSize;

  private VisionGrid(long[][] thw, int mergeSize) {
    this.thw = thw;
    this.mergeSize = mergeSize;
  }

  /**
   * @param gridThw {@code [I, 3]} int64 rows (t, h, w) in patches
   * @param mergeSize spatial merge size m; every h and w must be divisible by it
   */
  public static VisionGrid of(Tensor gridThw, int mergeSize) {
    Shapes.check("grid_thw", gridThw, "I, 3", Shapes.ANY, 3);
    if (DType.of(gridThw.scalar_type()) != DType.I64) {
      throw new IllegalArgumentException("grid_thw must be int64 (long), got " + DType.of(gridThw.scalar_type()));
    }
    long[] flat = Tensors.toLongs(gridThw);
    long[][] rows = new long[flat.length / 3][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOfRange(flat, 3 * i, 3 * i + 3);
    }
    return of(rows, mergeSize);
  }

  /** Same as {@link #of(Tensor, int)} from Java rows {t, h, w}. */
  public static VisionGrid of(long[][] gridThw, int mergeSize) {
    if (mergeSize <= 0) {
      throw new IllegalArgumentException("spatial_merge_size must be > 0, got " + mergeSize);
    }
    if (gridThw.length == 0) {
      throw new IllegalArgumentException("grid_thw has no images (I = 0)");
    }
    long[][] copy = new long[gridThw.length][];
    for (int i = 0; i < gridThw.length; i++) {
      long[] r = gridThw[i];
      if (r.length != 3 || r[0] <= 0 || r[1] <= 0 || r[2] <= 0) {
        throw new IllegalArgumentException("grid_thw[" + i + "] must be 3 positive sizes (t, h, w), got " + Arrays.toString(r));
      }
      if (r[1] % mergeSize != 0 || r[2] % mergeSize != 0) {
        throw new IllegalArgumentException("grid_thw[" + i + "] = " + Arrays.toString(r)
            + ": h and w must be divisible by spatial_merge_size " + mergeSize + " (resize images to multiples of patch·merge)");
      }
      copy[i] = r.clone();
    }
    return new VisionGrid(copy, mergeSize);
  }

  public int images() {
    return thw.length;
  }

  public int mergeSize() {
    return mergeSize;
  }

  /** P = Σ t·h·w. */
  public long patches() {
    long p = 0;
    for (long[] r : thw) {
      p = Math.addExact(p, Math.multiplyExact(r[0], Math.multiplyExact(r[1], r[2])));
    }
    return p;
  }

  /**
   * The attention segments, one per frame: {@code h·w} repeated {@code t} times per image. This is transformers'
   * {@code cu_seqlens} (as differences): the tower attends within a frame, never across frames or images.
   */
  public long[] frameLengths() {
    int n = 0;
    for (long[] r : thw) {
      n = Math.addExact(n, Math.toIntExact(r[0]));
    }
    long[] out = new long[n];
    int k = 0;
    for (long[] r : thw) {
      for (long t = 0; t < r[0]; t++) {
        out[k++] = r[1] * r[2];
      }
    }
    return out;
  }

  /** Largest h or w over all images: the rotary table needs positions 0 .. this − 1. */
  public long maxSide() {
    long m = 0;
    for (long[] r : thw) {
      m = Math.max(m, Math.max(r[1], r[2]));
    }
    return m;
  }

  /**
   * The (row, column) patch index of every patch, flattened {@code [P, 2]}, in the processor's row order: frames, then
   * merge windows row-major, then the m×m patches inside a window row-major (transformers' {@code rot_pos_emb}).
   */
  public long[] patchPositions() {
    long[] out = new long[Math.toIntExact(Math.multiplyExact(patches(), 2))];
    int k = 0;
    int m = mergeSize;
    for (long[] r : thw) {
      for (long t = 0; t < r[0]; t++) {
        for (long hb = 0; hb < r[1] / m; hb++) {
          for (long wb = 0; wb < r[2] / m; wb++) {
            for (int mh = 0; mh < m; mh++) {
              for (int mw = 0; mw < m; mw++) {
                out[k++] = hb * m + mh;
                out[k++] = wb * m + mw;
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** The rows (t, h, w), copied. */
  public long[][] rows() {
    long[][] out = new long[thw.length][];
    for (int i = 0; i < thw.length; i++) {
      out[i] = thw[i].clone();
    }
    return out;
  }
}
