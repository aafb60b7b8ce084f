package org.chatvla4j.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The whole model: Qwen2-VL (vision + text), the static MoE, and optionally the ScaleDP action head with its DDIM
 * schedule. A plain Qwen2-VL checkpoint has a dense MoE config and no head; a ChatVLA checkpoint has both.
 *
 * @param torchDtype the dtype weights are stored in ({@code torch_dtype}: {@code bfloat16}, {@code float32})
 */
public record ChatVlaConfig(
    TextConfig text,
    VisionConfig vision,
    MoeConfig moe,
    Optional<ScaleDpConfig> actionHead,
    SchedulerConfig scheduler,
    SpecialTokens tokens,
    String torchDtype) {

  public ChatVlaConfig {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(vision, "vision_config");
    Objects.requireNonNull(moe, "moe");
    Objects.requireNonNull(actionHead, "actionHead");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(torchDtype, "torch_dtype");
    if (vision.outHiddenSize() != text.hiddenSize()) {
      throw new IllegalArgumentException(
          "vision_config.hidden_size (" + vision.outHiddenSize() + ") must equal hidden_size (" + text.hiddenSize() + "): the merger feeds the decoder");
    }
    if (tokens.maxId() >= text.vocabSize()) {
      throw new IllegalArgumentException("special token id " + tokens.maxId() + " is outside vocab_size " + text.vocabSize());
    }
    actionHead.ifPresent(h -> {
      if (h.condDim() != text.hiddenSize()) {
        throw new IllegalArgumentException(
            "policy_head_config.cond_dim (" + h.condDim() + ") must equal hidden_size (" + text.hiddenSize() + ")");
      }
    });
    org.chatvla4j.tensor.DType.parse(torchDtype); // validates
  }

  public ChatVlaConfig withMoe(MoeConfig newMoe) {
    return new ChatVlaConfig(text, vision, newMoe, actionHead, scheduler, tokens, torchDtype);
  }

  public ChatVlaConfig withActionHead(ScaleDpConfig head) {
    return new ChatVlaConfig(text, vision, moe, Optional.of(head), scheduler, tokens, torchDtype);
  }

  public ChatVlaConfig withoutActionHead() {
    return new ChatVlaConfig(text, vision, moe, Optional.empty(), scheduler, tokens, torchDtype);
  }
}
