/**
 * The Qwen2-VL image processor in plain Java: {@code smart_resize}, PIL-exact bicubic and OpenCV-style bilinear
 * resampling over uint8 RGB, rescale + CLIP normalisation, and patchifying into the vision tower's
 * {@code pixel_values [P, C·tp·p·p]} + {@code grid_thw [I, 3]}.
 *
 * <pre>
 * RgbImage [H, W, 3] uint8 ─ SmartResize (multiples of 28) ─ PilBicubic ─► [H', W', 3]
 *   ─ /255, (x − mean)/std ─► [3, H', W'] float ─ ×tp frames, Patchify ─► [H'/14 · W'/14, 3·2·14·14]
 * </pre>
 */
package org.chatvla4j.image;
