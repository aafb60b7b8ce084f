package org.chatvla4j.model.action;

import org.bytedeco.pytorch.Tensor;

/**
 * What the VLM hands the action head for a batch of robot samples (chatvla-paper.md §3.4): the last-layer hidden
 * states (after the final norm) of the prompt and of the reasoning answer, each with a token mask, and the robot state.
 *
 * @param prompt P [B, Lp, D]: system prompt, images, instruction, {@code <|im_start|>assistant\n}
 * @param promptMask [B, Lp], nonzero where the token belongs to P (right padding is zero)
 * @param reasoning R [B, Lr, D]: the sub-step reasoning answer up to {@code <|im_end|>}
 * @param reasoningMask [B, Lr], nonzero where the token belongs to R
 * @param state the normalised robot state [B, Ds]
 */
public record ActionHeadInputs(Tensor prompt, Tensor promptMask, Tensor reasoning, Tensor reasoningMask, Tensor state) {}
