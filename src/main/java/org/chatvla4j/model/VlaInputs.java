package org.chatvla4j.model;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Shapes;

/**
 * A tokenised batch for the VLM: ids with images already expanded into image-pad runs, the padding mask, and the
 * processed pixels of all images in batch order.
 *
 * @param inputIds [B, T] int64
 * @param attentionMask [B, T] int64, 1 for real tokens, 0 for padding
 * @param pixelValues [P, C·tp·p·p] float ([0, C·tp·p·p] when there are no images)
 * @param imageGridThw [I, 3] int64 ([0, 3] when there are no images)
 */
public record VlaInputs(Tensor inputIds, Tensor attentionMask, Tensor pixelValues, Tensor imageGridThw) {
  public VlaInputs {
    long b = inputIds.size(0);
    long t = inputIds.size(1);
    Shapes.check("input_ids", inputIds, "B, T", b, t);
    Shapes.check("attention_mask", attentionMask, "B, T", b, t);
    Shapes.check("image_grid_thw", imageGridThw, "I, 3", Shapes.ANY, 3);
    if (pixelValues.dim() != 2) {
      throw new IllegalArgumentException("pixel_values: expected [P, C·tp·p·p], got " + java.util.Arrays.toString(Shapes.of(pixelValues)));
    }
    if (t == 0) {
      throw new IllegalArgumentException("input_ids is empty: a prompt needs at least one token");
    }
  }

  public long batchSize() {
    return inputIds.size(0);
  }

  public long length() {
    return inputIds.size(1);
  }

  public boolean hasImages() {
    return imageGridThw.size(0) > 0;
  }

  /** These inputs on {@code device}: the same object when every tensor is there already (the CPU path copies nothing). */
  public VlaInputs to(org.chatvla4j.tensor.Device device) {
    Tensor ids = device.place(inputIds);
    Tensor mask = device.place(attentionMask);
    Tensor px = device.place(pixelValues);
    Tensor grid = device.place(imageGridThw);
    return ids == inputIds && mask == attentionMask && px == pixelValues && grid == imageGridThw ? this
        : new VlaInputs(ids, mask, px, grid);
  }

  /** Text-only inputs of one sample without padding. */
  public static VlaInputs textOnly(long[] ids, int patchElements) {
    Tensor idsT = org.chatvla4j.tensor.Tensors.fromLongs(ids, 1, ids.length);
    return new VlaInputs(idsT, org.bytedeco.pytorch.global.torch.ones_like(idsT),
        org.bytedeco.pytorch.global.torch.zeros(new long[] {0, patchElements}, DType.F32.options()),
        org.bytedeco.pytorch.global.torch.zeros(new long[] {0, 3}, DType.I64.options()));
  }
}
