package org.chatvla4j.model.text;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.Shapes;

/**
 * Puts vision features into the text embedding sequence, as {@code Qwen2VLModel.forward} does with
 * {@code masked_scatter}: the i-th image-pad token (row-major over batch and time) receives the i-th merged vision row.
 */
public final class ImageFeatures {
  private ImageFeatures() {}

  /**
   * @param inputIds {@code [B, T]} token ids
   * @param embeds {@code [B, T, D]} token embeddings
   * @param imageFeatures {@code [P', D]} merged vision rows of all images in batch order
   * @param imagePadId the {@code <|image_pad|>} id
   * @return {@code [B, T, D]} embeddings with image-pad rows replaced (differentiable in both inputs)
   * @throws IllegalArgumentException when the number of image-pad tokens differs from the number of feature rows
   */
  public static Tensor mergeImageFeatures(Tensor inputIds, Tensor embeds, Tensor imageFeatures, long imagePadId) {
    long b = inputIds.size(0);
    long t = inputIds.size(1);
    long d = embeds.size(2);
    Shapes.check("inputs_embeds", embeds, "B, T, D", b, t, d);
    Shapes.check("image_features", imageFeatures, "P', D", Shapes.ANY, d);
    Tensor isImage = inputIds.eq(org.chatvla4j.tensor.Tensors.scalar(imagePadId)); // [B, T]
    long tokens = isImage.sum().item_long();
    if (tokens != imageFeatures.size(0)) {
      throw new IllegalArgumentException("Image features and image tokens do not match: " + tokens + " image-pad tokens (id "
          + imagePadId + ") but " + imageFeatures.size(0) + " feature rows; check the processor's grid_thw and the prompt");
    }
    Tensor mask = isImage.unsqueeze(-1).expand(b, t, d); // [B, T, D]
    return embeds.masked_scatter(mask, imageFeatures.to(embeds.scalar_type())); // [B, T, D]
  }
}
