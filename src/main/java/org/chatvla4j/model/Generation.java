package org.chatvla4j.model;

import org.bytedeco.pytorch.Tensor;

/**
 * The result of {@link ChatVlaModel#generate}: the new token ids (the stop token included when one was produced),
 * the prompt's last-layer hidden states and those of every generated token (each computed when the token was fed
 * back, so they are the same states teacher forcing yields in training — the action head pools both).
 *
 * @param tokens generated ids, in order
 * @param promptHidden [1, Lp, D]
 * @param generatedHidden [1, Lr, D], Lr = tokens.length
 * @param stopped whether a stop token or the caller's {@link TokenListener} ended generation (else the token budget did)
 */
public record Generation(long[] tokens, Tensor promptHidden, Tensor generatedHidden, boolean stopped) {}
