package org.chatvla4j.world;

import java.awt.image.BufferedImage;

/**
 * Turns a scene into an RGB frame. The world does not render by itself: the camera renderer (or any other, e.g. a
 * cheap top-down raster) plugs in here, so physics, tasks and rollouts need no graphics.
 */
@FunctionalInterface
public interface FrameRenderer {
  /** A new image of {@code scene} (TYPE_INT_RGB or TYPE_3BYTE_BGR; the caller does not modify it). */
  BufferedImage render(SceneState scene);
}
