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
    List<float[]> rows = new ArrayList<>();
    long[][] grids = new long[images.size()][];
    long total = 0;
    for (int i = 0; i < images.size(); i++) {
      RgbImage img = images.get(i);
      ImageSize size = bounds.targetSize(img.height(), img.width());
      RgbImage resized = PilBicubic.resize(img, size);
      float[] chw = normalize(resized);
      float[][] frames = new float[temporalPatchSize][];
      Arrays.fill(frames, chw); // a still image is repeated to fill one temporal patch
      float[] r = Patchify.patchRows(frames, CHANNELS, size.height(), size.width(), temporalPatchSize, patchSize, mergeSize);
      rows.add(r);
      total += r.length;
      grids[i] = new long[] {1, size.height() / patchSize, size.width() / patchSize};
    }
    float[] all = new float[Math.toIntExact(total)];
    int o = 0;
    for (float[] r : rows) {
      System.arraycopy(r, 0, all, o, r.length);
      o += r.length;
    }
    return new ProcessedImages(all, CHANNELS * temporalPatchSize * patchSize * patchSize, grids, mergeSize);
  }

  public ProcessedImages preprocess(RgbImage image) {
    return preprocess(List.of(image));
  }

  /** Rescale and normalise: {@code [H, W, 3]} uint8 → planar {@code [3, H, W]} float32. */
  public float[] normalize(RgbImage img) {
    int h = img.height();
    int w = img.width();
    float[] out = new float[CHANNELS * h * w];
    byte[] rgb = img.rgb();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < CHANNELS; c++) {
          float v = (float) ((rgb[(y * w + x) * 3 + c] & 0xFF) * (1.0 / 255));
          out[(c * h + y) * w + x] = (v - mean[c]) / std[c];
        }
      }
    }
    return out;
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
