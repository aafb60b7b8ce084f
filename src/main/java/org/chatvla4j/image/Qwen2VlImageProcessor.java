package org.chatvla4j.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chatvla4j.config.VisionConfig;

/**
 * Port of {@code Qwen2VLImageProcessor} (transformers {@code image_processing_qwen2_vl.py}, the PIL-based "slow"
 * processor) for still images: {@link SmartResize} → {@link PilBicubic} → rescale by 1/255 → {@code (x − mean) / std}
 * with the OpenAI-CLIP statistics → duplicate to {@code temporalPatchSize} frames → {@link Patchify}.
 *
 * <p>Numerics follow numpy's: the rescale is {@code float32(float64(v) · (1/255))}, the normalisation is float32
 * arithmetic with float32 mean and std.
 *
 * @param bounds the smart-resize factor and pixel bounds; its factor must equal patch · merge
 * @param patchSize p (14)
 * @param mergeSize m (2)
 * @param temporalPatchSize tp (2)
 * @param mean per-channel mean, 3 values
 * @param std per-channel standard deviation, 3 values
 */
public record Qwen2VlImageProcessor(SmartResize bounds, int patchSize, int mergeSize, int temporalPatchSize,
    float[] mean, float[] std) {
  /** OpenAI-CLIP {@code image_mean}. */
  public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};

  /** OpenAI-CLIP {@code image_std}. */
  public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

  private static final int CHANNELS = 3;

  public Qwen2VlImageProcessor {
    if (patchSize <= 0 || mergeSize <= 0 || temporalPatchSize <= 0) {
      throw new IllegalArgumentException("patch_size, merge_size and temporal_patch_size must be > 0, got " + patchSize + ", "
          + mergeSize + ", " + temporalPatchSize);
    }
    if (bounds.factor() != patchSize * mergeSize) {
      throw new IllegalArgumentException(
          "smart_resize factor " + bounds.factor() + " must equal patch_size·merge_size = " + patchSize * mergeSize);
    }
    if (mean.length != CHANNELS || std.length != CHANNELS) {
      throw new IllegalArgumentException("image_mean and image_std need 3 values, got " + Arrays.toString(mean) + " and " + Arrays.toString(std));
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("image_std values must be > 0, got " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** The processor matching a vision tower, with CLIP statistics and the given resize bounds. */
  public static Qwen2VlImageProcessor forVision(VisionConfig vision, SmartResize bounds) {
    return new Qwen2VlImageProcessor(bounds, vision.patchSize(), vision.spatialMergeSize(), vision.temporalPatchSize(),
        CLIP_MEAN, CLIP_STD);
  }

  /** Patch rows and grids for {@code images}, concatenated in order. */
  public ProcessedImages preprocess(List<RgbImage> images) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to preprocess");
    }
    List<RgbImage> resized = new ArrayList<>(images.size());
    for (RgbImage img : images) {
      resized.add(resize(img));
    }
    return patches(resized);
  }

  public ProcessedImages preprocess(RgbImage image) {
    return preprocess(List.of(image));
  }

  /**
   * The first, expensive half of {@link #preprocess}: {@code image} Pillow-bicubic resized to its {@code smart_resize}
   * size, still 8-bit. The image itself when it already has that size (images are never changed after creation). What
   * a data loader caches: {@link #patches} of it is cheap and gives the same values as preprocessing the original.
   */
  public RgbImage resize(RgbImage image) {
    ImageSize size = bounds.targetSize(image.height(), image.width());
    return size.height() == image.height() && size.width() == image.width() ? image : PilBicubic.resize(image, size);
  }

  /**
   * The second half of {@link #preprocess}: rescale, normalise, repeat to {@code temporalPatchSize} frames and
   * patchify images that {@link #resize} has already brought to their {@code smart_resize} size.
   *
   * @throws IllegalArgumentException for an image that is not at its {@code smart_resize} size
   */
  public ProcessedImages patches(List<RgbImage> resized) {
    if (resized.isEmpty()) {
      throw new IllegalArgumentException("no images to preprocess");
    }
    int rowLen = CHANNELS * temporalPatchSize * patchSize * patchSize;
    long[][] grids = new long[resized.size()][];
    long total = 0;
    for (int i = 0; i < resized.size(); i++) {
      RgbImage img = resized.get(i);
      ImageSize size = bounds.targetSize(img.height(), img.width());
      if (size.height() != img.height() || size.width() != img.width()) {
        throw new IllegalArgumentException("image " + i + " is " + img.height() + "×" + img.width() + " but its smart_resize size is "
            + size.height() + "×" + size.width() + "; pass it through resize() first");
      }
      grids[i] = new long[] {1, img.height() / patchSize, img.width() / patchSize};
      total += grids[i][1] * grids[i][2] * rowLen;
    }
    float[] all = new float[Math.toIntExact(total)];
    float[] lut = normalizationTable();
    int o = 0;
    for (RgbImage img : resized) {
      o += Patchify.stillImageRows(img, lut, temporalPatchSize, patchSize, mergeSize, all, o);
    }
    return new ProcessedImages(all, rowLen, grids, mergeSize);
  }

  /** Rescale and normalise: {@code [H, W, 3]} uint8 → planar {@code [3, H, W]} float32. */
  public float[] normalize(RgbImage img) {
    int h = img.height();
    int w = img.width();
    float[] out = new float[CHANNELS * h * w];
    byte[] rgb = img.rgb();
    float[] lut = normalizationTable();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < CHANNELS; c++) {
          out[(c * h + y) * w + x] = lut[c * 256 + (rgb[(y * w + x) * 3 + c] & 0xFF)];
        }
      }
    }
    return out;
  }

  /**
   * {@code lut[c · 256 + v]}: the normalised value of byte {@code v} in channel {@code c}. A value depends only on its
   * byte and channel, so 768 evaluations of numpy's arithmetic replace one per pixel with the very same floats.
   */
  private float[] normalizationTable() {
    float[] lut = new float[CHANNELS * 256];
    for (int c = 0; c < CHANNELS; c++) {
      for (int v = 0; v < 256; v++) {
        float scaled = (float) (v * (1.0 / 255));
        lut[c * 256 + v] = (scaled - mean[c]) / std[c];
      }
    }
    return lut;
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }
}
