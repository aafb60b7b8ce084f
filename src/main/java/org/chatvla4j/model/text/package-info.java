/**
 * The Qwen2 decoder of Qwen2-VL with M-RoPE, its rope index, KV cache and lm_head (legacy key layout
 * {@code model.*}, {@code lm_head.*}).
 *
 * <p>Dimension letters: B batch, T query tokens of this call, S key/value length (cache + T), D hidden size, N query
 * heads, K key/value heads, Hd head dim, F FFN width, V vocabulary, I images, P' merged vision rows, 3 the M-RoPE axes
 * (t, h, w).
 */
package org.chatvla4j.model.text;
