package org.chatvla4j.model.text;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.SpecialTokens;
import org.chatvla4j.tensor.Shapes;
import org.chatvla4j.tensor.Tensors;

/**
 * Port of {@code Qwen2VLModel.get_rope_index} (transformers {@code modeling_qwen2_vl.py}) for images: M-RoPE position
 * ids for prompts whose images were expanded into {@code <|vision_start|>} + {@code t·(h/m)·(w/m)} image-pad tokens.
 *
 * <p>Text tokens get equal (t, h, w) indices counting up; an image's tokens get (s + t, s + row, s + col) where s is
 * the next free index; text after an image continues from the largest index so far + 1. Example (one image, grid
 * t=3, h=w=4, merge 2, then 5 text tokens): t = 0 0 0 0 1 1 1 1 2 2 2 2 3 4 5 6 7, h = 0 0 1 1 0 0 1 1 0 0 1 1 3 4 5 6 7,
 * w = 0 1 0 1 0 1 0 1 0 1 0 1 3 4 5 6 7. Padding positions (mask 0) get 1, as in the reference.
 *
 * <p>The rope delta of a sample is {@code max position + 1 − T}: a token decoded at cache length L has position
 * {@code L + delta} on every axis ({@link #decodePositions}).
 */
public final class RopeIndex {
  private final long imagePadId;
  private final long visionStartId;
  private final int spatialMergeSize;

  /** Positions and deltas for a batch: {@code positionIds [3, B, T]} (int64), {@code ropeDeltas [B]} (int64). */
  public record Positions(Tensor positionIds, Tensor ropeDeltas) {}

  public RopeIndex(SpecialTokens tokens, int spatialMergeSize) {
    if (spatialMergeSize <= 0) {
      throw new IllegalArgumentException("spatial_merge_size must be > 0, got " + spatialMergeSize);
    }
    this.imagePadId = tokens.imagePad();
    this.visionStartId = tokens.visionStart();
    this.spatialMergeSize = spatialMergeSize;
  }

  /**
   * @param inputIds {@code [B, T]} token ids with images already expanded into image-pad runs
   * @param imageGridThw {@code [I, 3]} (t, h, w) patch grids of all images, in batch order ({@code [0, 3]} for none)
   * @param attentionMask {@code [B, T]}, 1 for real tokens, 0 for padding (left or right)
   */
  public Positions compute(Tensor inputIds, Tensor imageGridThw, Tensor attentionMask) {
    int b = Math.toIntExact(inputIds.size(0));
    int t = Math.toIntExact(inputIds.size(1));
    Shapes.check("input_ids", inputIds, "B, T", b, t);
    Shapes.check("image_grid_thw", imageGridThw, "I, 3", Shapes.ANY, 3);
    Shapes.check("attention_mask", attentionMask, "B, T", b, t);
    long[] ids = Tensors.toLongs(inputIds);
    long[] mask = Tensors.toLongs(attentionMask);
    long[] grids = Tensors.toLongs(imageGridThw);
    int numImages = grids.length / 3;
    long[] positions = new long[3 * b * t];
    java.util.Arrays.fill(positions, 1);
    long[] deltas = new long[b];
    int imageIndex = 0;
    for (int i = 0; i < b; i++) {
      int[] kept = keptColumns(mask, i, t);
      long[] tokens = new long[kept.length];
      for (int j = 0; j < kept.length; j++) {
        tokens[j] = ids[i * t + kept[j]];
      }
      long[][] sample = new long[3][kept.length];
      int images = countImages(tokens);
      if (imageIndex + images > numImages) {
        throw new IllegalArgumentException("sample " + i + " has " + images + " images but image_grid_thw has only "
            + (numImages - imageIndex) + " rows left of " + numImages);
      }
      long next = 0; // the smallest unused position
      int st = 0;
      for (int k = 0; k < images; k++) {
        int ed = indexOf(tokens, imagePadId, st);
        long gt = grids[3 * imageIndex];
        long gh = merged(grids[3 * imageIndex + 1], imageIndex, "h");
        long gw = merged(grids[3 * imageIndex + 2], imageIndex, "w");
        imageIndex++;
        int textLen = ed - st;
        for (int j = 0; j < textLen; j++) {
          fill(sample, st + j, next + j, next + j, next + j);
        }
        long base = next + textLen;
        int n = Math.toIntExact(gt * gh * gw);
        checkPadRun(tokens, ed, n, i, imageIndex - 1);
        for (int j = 0; j < n; j++) {
          fill(sample, ed + j, base + j / (gh * gw), base + (j / gw) % gh, base + j % gw);
        }
        next = base + Math.max(gt, Math.max(gh, gw));
        st = ed + n;
      }
      for (int j = st; j < tokens.length; j++) {
        fill(sample, j, next, next, next);
        next++;
      }
      for (int axis = 0; axis < 3; axis++) {
        for (int j = 0; j < kept.length; j++) {
          positions[(axis * b + i) * t + kept[j]] = sample[axis][j];
        }
      }
      deltas[i] = next - t; // max position + 1 − T
    }
    if (imageIndex != numImages) {
      throw new IllegalArgumentException("image_grid_thw has " + numImages + " rows but the prompts contain " + imageIndex + " images");
    }
    // On the ids' device, as the model's activations (decodePositions places its result beside the deltas).
    return new Positions(Tensors.onDeviceOf(Tensors.fromLongs(positions, 3, b, t), inputIds),
        Tensors.onDeviceOf(Tensors.fromLongs(deltas, b), inputIds));
  }

  /** Text-only prompts: positions count real tokens (padding gets 1), deltas as {@link #compute}. */
  public Positions computeTextOnly(Tensor inputIds, Tensor attentionMask) {
    return compute(inputIds, Tensors.fromLongs(new long[0], 0, 3), attentionMask);
  }

  /**
   * Positions of {@code newTokens} tokens decoded after {@code cacheLength} cached ones: {@code cacheLength + j + delta}
   * on all three axes, {@code [3, B, newTokens]}.
   */
  public static Tensor decodePositions(long cacheLength, long newTokens, Tensor ropeDeltas) {
    long[] deltas = Tensors.toLongs(ropeDeltas);
    int b = deltas.length;
    int n = Math.toIntExact(newTokens);
    long[] out = new long[3 * b * n];
    for (int axis = 0; axis < 3; axis++) {
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < n; j++) {
          out[(axis * b + i) * n + j] = cacheLength + j + deltas[i];
        }
      }
    }
    return Tensors.onDeviceOf(Tensors.fromLongs(out, 3, b, n), ropeDeltas);
  }

  private static int[] keptColumns(long[] mask, int row, int t) {
    return java.util.stream.IntStream.range(0, t).filter(j -> mask[row * t + j] != 0).toArray();
  }

  /** Images are counted as the reference does: a vision-start token directly followed by an image-pad token. */
  private int countImages(long[] tokens) {
    int n = 0;
    for (int j = 0; j + 1 < tokens.length; j++) {
      if (tokens[j] == visionStartId && tokens[j + 1] == imagePadId) {
        n++;
      }
    }
    return n;
  }

  private static int indexOf(long[] tokens, long id, int from) {
    for (int j = from; j < tokens.length; j++) {
      if (tokens[j] == id) {
        return j;
      }
    }
    throw new IllegalStateException("no image-pad token after position " + from); // countImages found one
  }

  private long merged(long patches, int image, String axis) {
    if (patches <= 0 || patches % spatialMergeSize != 0) {
      throw new IllegalArgumentException("image_grid_thw[" + image + "]." + axis + " = " + patches
          + " must be a positive multiple of spatial_merge_size " + spatialMergeSize);
    }
    return patches / spatialMergeSize;
  }

  private void checkPadRun(long[] tokens, int start, int n, int sample, int image) {
    for (int j = start; j < start + n; j++) {
      if (j >= tokens.length || tokens[j] != imagePadId) {
        throw new IllegalArgumentException("sample " + sample + ": image " + image + " needs " + n
            + " consecutive image-pad tokens from position " + start + " (its grid), found a different token or the end at " + j);
      }
    }
  }

  private static void fill(long[][] sample, int j, long tPos, long hPos, long wPos) {
    sample[0][j] = tPos;
    sample[1][j] = hPos;
    sample[2][j] = wPos;
  }
}
