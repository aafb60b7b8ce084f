package org.chatvla4j.text;

/**
 * An image's patch grid as Qwen2-VL's processor reports it ({@code image_grid_thw}): temporal, height and width in
 * 14-pixel patches. A 252×308 image is (1, 18, 22).
 */
public record ImageGrid(int t, int h, int w) {
  public ImageGrid {
    if (t <= 0 || h <= 0 || w <= 0) {
      throw new IllegalArgumentException("image grid (t, h, w) must be positive, got (" + t + ", " + h + ", " + w + ")");
    }
  }

  /** LLM tokens for this image after the {@code merge}×{@code merge} PatchMerger: t·h·w / merge². */
  public int mergedTokens(int merge) {
    if (merge <= 0 || h % merge != 0 || w % merge != 0) {
      throw new IllegalArgumentException("image grid (" + t + ", " + h + ", " + w + ") is not divisible by the spatial"
          + " merge size " + merge + "; resize the image to a multiple of " + (14 * Math.max(merge, 1)) + " pixels");
    }
    return t * h * w / (merge * merge);
  }
}
