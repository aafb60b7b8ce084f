package org.chatvla4j.config;

/**
 * Token ids the model logic depends on (Qwen2-VL's values; the tiny tabletop tokenizer keeps the same tokens at its
 * own ids). HF keys: {@code bos_token_id}, {@code eos_token_id}, {@code pad_token_id}, {@code vision_start_token_id},
 * {@code vision_end_token_id}, {@code image_token_id}; {@code im_start_token_id} is ours (Qwen's config omits it).
 */
public record SpecialTokens(
    int bos, int eos, int pad, int imStart, int visionStart, int visionEnd, int imagePad) {

  public SpecialTokens {
    int[] all = {bos, eos, pad, imStart, visionStart, visionEnd, imagePad};
    for (int id : all) {
      if (id < 0) {
        throw new IllegalArgumentException("special token ids must be >= 0, got " + java.util.Arrays.toString(all));
      }
    }
  }

  /** Qwen2-VL: {@code <|endoftext|>} 151643 (bos and pad), {@code <|im_end|>} 151645 (eos), ... */
  public static SpecialTokens qwen2Vl() {
    return new SpecialTokens(151643, 151645, 151643, 151644, 151652, 151653, 151655);
  }

  /** The largest id, which the vocabulary must exceed. */
  public int maxId() {
    return java.util.stream.IntStream.of(bos, eos, pad, imStart, visionStart, visionEnd, imagePad).max().orElseThrow();
  }
}
