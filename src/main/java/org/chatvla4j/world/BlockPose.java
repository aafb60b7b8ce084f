package org.chatvla4j.world;

import java.util.Objects;

/**
 * A block's planar pose in the world frame (metres, radians): x grows away from the robot base ("down" in the
 * image), y grows to the image right, yaw is counter-clockwise about +z.
 */
public record BlockPose(BlockId id, double x, double y, double yaw) {
  public BlockPose {
    Objects.requireNonNull(id, "id");
    if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(yaw)) {
      throw new IllegalArgumentException("pose of " + id + " is not finite: " + x + ", " + y + ", " + yaw);
    }
  }

  public double distanceTo(double px, double py) {
    return Math.hypot(x - px, y - py);
  }

  public double distanceTo(BlockPose other) {
    return distanceTo(other.x, other.y);
  }
}
