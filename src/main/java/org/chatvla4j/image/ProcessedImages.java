package org.chatvla4j.image;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.Tensors;

/**
 * The processor's output for a list of images: {@code pixel_values [P, C·tp·p·p]} (all images' patch rows, in order)
 * and {@code image_grid_thw [I, 3]} (t, h, w in patches per image).
 *
 * @param pixelValues row-major {@code [P, patchElements]}
 * @param patchElements C·tp·p·p
 * @param gridThw per image {t, h, w}
 * @param mergeSize m; each image yields t·h·w/m² LLM tokens
 */
public record ProcessedImages(float[] pixelValues, int patchElements, long[][] gridThw, int mergeSize) {
  public ProcessedImages {
    long p = 0;
    for (long[] g : gridThw) {
      p += g[0] * g[1] * g[2];
    }
    if ((long) pixelValues.length != p * patchElements) {
      throw new IllegalArgumentException(
          "pixel values hold " + pixelValues.length + " floats, grid_thw needs P·C·tp·p·p = " + p + "·" + patchElements);
    }
  }

  /** P = Σ t·h·w. */
  public long patches() {
    return pixelValues.length / patchElements;
  }

  /** LLM tokens of image {@code i}: t·h·w / m². */
  public long tokens(int i) {
    long[] g = gridThw[i];
    return g[0] * g[1] * g[2] / ((long) mergeSize * mergeSize);
  }

  /** {@code [P, C·tp·p·p]} float32. */
  public Tensor pixelValuesTensor() {
    return Tensors.fromFloats(pixelValues, patches(), patchElements);
  }

  /** {@code [I, 3]} int64. */
  public Tensor gridThwTensor() {
    long[] flat = new long[gridThw.length * 3];
    for (int i = 0; i < gridThw.length; i++) {
      System.arraycopy(gridThw[i], 0, flat, 3 * i, 3);
    }
    return Tensors.fromLongs(flat, gridThw.length, 3);
  }
}
