/**
 * The Qwen2 decoder of Qwen2-VL with M-RoPE, its rope index, KV cache and lm_head (legacy key layout
 * {@code model.*}, {@code lm_head.*}).
 *
 * <pre>
 *  input_ids [B, T] ──embed──► [B, T, D] ──ImageFeatures.mergeImageFeatures(vision rows [P', D])──► inputs_embeds
 *  input_ids + image_grid_thw ──RopeIndex──► position_ids [3, B, T], rope_deltas [B]
 *  inputs_embeds, position_ids, padding mask [B, S], ExpertRouting (Task per sample), KvCache?
 *     └─► Qwen2Model: layers.{i} = input_layernorm → self_attn (M-RoPE, GQA, cache) → post_attention_layernorm
 *                     → mlp | static_expert.experts.{task} ; norm ──► hidden [B, T, D] ──► action head
 *                                                                        └─lm_head──► logits [B, T, V]
 *  decoding: position of a new token = cache length + rope delta (RopeIndex.decodePositions)
 * </pre>
 *
 * <p>Dimension letters: B batch, T query tokens of this call, S key/value length (cache + T), D hidden size, N query
 * heads, K key/value heads, Hd head dim, F FFN width, V vocabulary, I images, P' merged vision rows, 3 the M-RoPE axes
 * (t, h, w).
 */
package org.chatvla4j.model.text;
