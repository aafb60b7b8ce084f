/**
 * Pictures of the tabletop: {@link org.chatvla4j.world.render.SceneRenderer} draws a {@link
 * org.chatvla4j.world.SceneState} through Language-Table's oblique camera ({@link
 * org.chatvla4j.world.render.PinholeCamera}) or a straight-down view ({@link
 * org.chatvla4j.world.render.TopDownCamera}) into an {@link org.chatvla4j.world.render.RgbFrame}, written out by
 * {@link org.chatvla4j.world.render.PngFiles} and {@link org.chatvla4j.world.render.GifAnimationWriter}.
 *
 * <pre>
 *  SceneState ──► Solid per block (walls, chamfer, top) ──► Camera (view + projection) ──► ZBuffer scanline fill ──► RgbFrame
 *                 effector cylinder                         background: floor/board rays, precomputed once per renderer
 * </pre>
 *
 * No tensors here: the frame's HWC bytes are what the data and policy code consume.
 */
package org.chatvla4j.world.render;
