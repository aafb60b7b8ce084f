package org.chatvla4j.world.render;

import java.util.Objects;

/**
 * A camera: a rigid view transform (world metres → view axes right, down, forward) and a projection onto pixels.
 * Pixel (i, j) spans [i, i+1) × [j, j+1) in the continuous (u, v) coordinates {@link #project} returns, so the
 * principal point (W/2, H/2) lies on a pixel corner, as in OpenGL and pybullet.
 *
 * <p>Rasterising needs, besides the projection, a per-pixel depth key that is affine in (u, v) over a planar face:
 * {@code 1/depth} for a pinhole and {@code −depth} for an orthographic camera. Larger keys are nearer.
 */
public abstract sealed class Camera permits PinholeCamera, TopDownCamera {
  private final ImageSize size;
  private final double ox, oy, oz;
  private final double rx, ry, rz;
  private final double dx, dy, dz;
  private final double fx, fy, fz;

  Camera(ImageSize size, double[] position, double[] right, double[] down, double[] forward) {
    this.size = Objects.requireNonNull(size, "size");
    ox = position[0];
    oy = position[1];
    oz = position[2];
    rx = right[0];
    ry = right[1];
    rz = right[2];
    dx = down[0];
    dy = down[1];
    dz = down[2];
    fx = forward[0];
    fy = forward[1];
    fz = forward[2];
  }

  public final ImageSize size() {
    return size;
  }

  /** Pixel coordinates (u, v) of a world point, or {@code null} when it lies behind the near plane. */
  public final double[] project(double x, double y, double z) {
    double[] view = new double[3];
    toView(x, y, z, view, 0);
    if (view[2] < nearDepth()) {
      return null;
    }
    return new double[] {pixelU(view[0], view[2]), pixelV(view[1], view[2])};
  }

  /** Writes the view coordinates (right, down, forward) of a world point at {@code out[off..off+2]}. */
  final void toView(double x, double y, double z, double[] out, int off) {
    double px = x - ox;
    double py = y - oy;
    double pz = z - oz;
    out[off] = rx * px + ry * py + rz * pz;
    out[off + 1] = dx * px + dy * py + dz * pz;
    out[off + 2] = fx * px + fy * py + fz * pz;
  }

  /** Rotates a world direction into view axes. */
  final void directionToView(double x, double y, double z, double[] out) {
    out[0] = rx * x + ry * y + rz * z;
    out[1] = dx * x + dy * y + dz * z;
    out[2] = fx * x + fy * y + fz * z;
  }

  /** The world point at view coordinates (xv, yv, zv), written to out[0..2]. */
  final void viewToWorld(double xv, double yv, double zv, double[] out) {
    out[0] = ox + rx * xv + dx * yv + fx * zv;
    out[1] = oy + ry * xv + dy * yv + fy * zv;
    out[2] = oz + rz * xv + dz * yv + fz * zv;
  }

  abstract double pixelU(double xv, double zv);

  abstract double pixelV(double yv, double zv);

  /** Faces are clipped where their view depth falls below this. */
  abstract double nearDepth();

  /**
   * The coefficients {@code (a, b, c)} of the depth key {@code a·u + b·v + c} over the view-space plane
   * {@code n·p = d}; false when the plane is seen edge-on and covers no area.
   */
  abstract boolean depthKeyPlane(double nx, double ny, double nz, double d, double[] abc);

  /** Whether the front (the side the normal points to) of the view-space plane {@code n·p = d} faces the camera. */
  abstract boolean facesCamera(double nx, double ny, double nz, double d);

  /**
   * Intersects the ray through pixel position (u, v) with the horizontal plane z = h; writes {@code {x, y, key}} and
   * returns true on a hit in front of the camera.
   */
  abstract boolean groundHit(double u, double v, double h, double[] out);

  /** The depth key of a world point already in view coordinates. */
  abstract double depthKey(double zv);
}
