package org.chatvla4j.text;

import java.util.List;

/**
 * Qwen2-VL's chat template ({@code chat_template.json} of Qwen2-VL-2B-Instruct) with the processor's image
 * expansion: each turn is {@code <|im_start|>role\n...content...<|im_end|>\n}, Qwen's default system prompt comes
 * first unless the first turn is a system turn, and each image becomes
 * {@code <|vision_start|>} + {@code <|image_pad|>}×(t·h·w/merge²) + {@code <|vision_end|>} with no separator before
 * the following text.
 */
public final class ChatTemplate {
  public static final String DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant.";
  /** What {@code add_generation_prompt=True} appends. */
  public static final String GENERATION_PROMPT = QwenTokens.IM_START + "assistant\n";

  private final int mergeSize;

  /** @param mergeSize the PatchMerger's spatial merge size (2 in Qwen2-VL) */
  public ChatTemplate(int mergeSize) {
    if (mergeSize <= 0) {
      throw new IllegalArgumentException("mergeSize must be > 0, got " + mergeSize);
    }
    this.mergeSize = mergeSize;
  }

  /** Qwen2-VL's 2×2 merge. */
  public static ChatTemplate qwen2Vl() {
    return new ChatTemplate(2);
  }

  public int mergeSize() {
    return mergeSize;
  }

  /** The conversation as written for training: every turn closed, ending with {@code <|im_end|>\n}. */
  public String render(List<Message> messages) {
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("cannot render an empty conversation");
    }
    StringBuilder sb = new StringBuilder();
    if (messages.getFirst().role() != Message.Role.SYSTEM) {
      sb.append(QwenTokens.IM_START).append("system\n").append(DEFAULT_SYSTEM_PROMPT).append(QwenTokens.IM_END).append('\n');
    }
    for (Message m : messages) {
      sb.append(QwenTokens.IM_START).append(m.role().word()).append('\n');
      for (Message.Part p : m.parts()) {
        switch (p) {
          case Message.ImagePart(ImageGrid grid) -> appendImage(sb, grid);
          case Message.TextPart(String text) -> sb.append(text);
        }
      }
      sb.append(QwenTokens.IM_END).append('\n');
    }
    return sb.toString();
  }

  /** The conversation followed by {@code <|im_start|>assistant\n}: the prompt the model continues. */
  public String renderForGeneration(List<Message> messages) {
    return render(messages) + GENERATION_PROMPT;
  }

  private void appendImage(StringBuilder sb, ImageGrid grid) {
    sb.append(QwenTokens.VISION_START);
    sb.append(QwenTokens.IMAGE_PAD.repeat(grid.mergedTokens(mergeSize)));
    sb.append(QwenTokens.VISION_END);
  }
}
