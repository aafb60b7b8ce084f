package org.chatvla4j.text;

/** The text of Qwen2-VL's chat and vision special tokens, as written in prompts and in {@code tokenizer.json}. */
public final class QwenTokens {
  public static final String END_OF_TEXT = "<|endoftext|>";
  public static final String IM_START = "<|im_start|>";
  public static final String IM_END = "<|im_end|>";
  public static final String VISION_START = "<|vision_start|>";
  public static final String VISION_END = "<|vision_end|>";
  public static final String IMAGE_PAD = "<|image_pad|>";

  /** The rest of Qwen2-VL's special tokens (grounding boxes, video, vision padding), in Qwen's id order. */
  public static final String OBJECT_REF_START = "<|object_ref_start|>";
  public static final String OBJECT_REF_END = "<|object_ref_end|>";
  public static final String BOX_START = "<|box_start|>";
  public static final String BOX_END = "<|box_end|>";
  public static final String QUAD_START = "<|quad_start|>";
  public static final String QUAD_END = "<|quad_end|>";
  public static final String VISION_PAD = "<|vision_pad|>";
  public static final String VIDEO_PAD = "<|video_pad|>";

  private QwenTokens() {}
}
