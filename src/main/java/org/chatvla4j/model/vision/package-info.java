/**
 * The Qwen2-VL vision tower ({@code visual.*}): port of {@code Qwen2VisionTransformerPretrainedModel} from
 * transformers {@code modeling_qwen2_vl.py}.
 *
 * <pre>
 * pixel values [P, C·tp·p·p] ─ patch_embed ─► [P, Dv] ─ blocks.N (2-D rotary, attention per frame) ─► [P, Dv]
 *                                                       ─ merger (ln_q, 2×2 → mlp.0, GELU, mlp.2) ─► [P/m², D]
 * </pre>
 *
 * <p>Dimension letters: {@code P} patches of all images before merging (rows ordered by merge window, as the image
 * processor emits them), {@code I} images, {@code Dv} vision width, {@code N} heads, {@code Hd} head dim, {@code D} the
 * decoder width the merger projects to, {@code m} the spatial merge size (2).
 */
package org.chatvla4j.model.vision;
