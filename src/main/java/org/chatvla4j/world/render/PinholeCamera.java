package org.chatvla4j.world.render;

/**
 * Language-Table's oblique "RealSense D415" camera: a pinhole at {@link CameraPose}, focal lengths 0.803·320 = 257 px
 * at 320 × 180 and the principal point at the image centre (tabletop-benchmark.md §3).
 *
 * <p>At other sizes the intrinsics scale with each side (fx = 0.803·W, fy = 0.803·320·H/180, cx = W/2, cy = H/2), so
 * every size shows the same field of view: the picture is the 320 × 180 view resized, stretched when the aspect
 * differs from 16:9, as a resize of the recorded frames would be. (pybullet itself keeps the focal length in pixels
 * and would crop or widen the view instead.)
 */
public final class PinholeCamera extends Camera {
  /** fx / W of the original intrinsics. */
  public static final double FOCAL_PER_WIDTH = 0.803;
  /** pybullet's near clipping distance. */
  public static final double NEAR = 0.01;

  private final double focalU;
  private final double focalV;
  private final double centreU;
  private final double centreV;

  public PinholeCamera(ImageSize size, CameraPose pose, double focalU, double focalV) {
    this(size, pose, focalU, focalV, directions(pose));
  }

  private PinholeCamera(ImageSize size, CameraPose pose, double focalU, double focalV, double[][] axes) {
    super(size, new double[] {pose.x(), pose.y(), pose.z()}, axes[0], axes[1], axes[2]);
    if (!(focalU > 0) || !(focalV > 0) || !Double.isFinite(focalU) || !Double.isFinite(focalV)) {
      throw new IllegalArgumentException("focal lengths must be positive pixels, got " + focalU + ", " + focalV);
    }
    this.focalU = focalU;
    this.focalV = focalV;
    this.centreU = size.width() / 2.0;
    this.centreV = size.height() / 2.0;
  }

  /** The Language-Table camera at the given size. */
  public static PinholeCamera languageTable(ImageSize size) {
    double fu = FOCAL_PER_WIDTH * size.width();
    double fv = FOCAL_PER_WIDTH * 320.0 * size.height() / 180.0;
    return new PinholeCamera(size, CameraPose.languageTable(), fu, fv);
  }

  private static double[][] directions(CameraPose pose) {
    double[] forward = pose.lookDirection();
    double[] up = pose.upDirection();
    double[] down = {-up[0], -up[1], -up[2]};
    // right = down × forward makes (right, down, forward) right-handed, as OpenCV's camera axes are.
    double[] right = {
      down[1] * forward[2] - down[2] * forward[1],
      down[2] * forward[0] - down[0] * forward[2],
      down[0] * forward[1] - down[1] * forward[0]
    };
    return new double[][] {right, down, forward};
  }

  public double focalU() {
    return focalU;
  }

  public double focalV() {
    return focalV;
  }

  @Override
  double pixelU(double xv, double zv) {
    return centreU + focalU * xv / zv;
  }

  @Override
  double pixelV(double yv, double zv) {
    return centreV + focalV * yv / zv;
  }

  @Override
  double nearDepth() {
    return NEAR;
  }

  @Override
  boolean depthKeyPlane(double nx, double ny, double nz, double d, double[] abc) {
    // On the plane, z·(nx·a + ny·b + nz) = d with a = (u − cu)/fu, b = (v − cv)/fv, so 1/z is affine in (u, v).
    if (Math.abs(d) < 1e-12) {
      return false;
    }
    abc[0] = nx / (focalU * d);
    abc[1] = ny / (focalV * d);
    abc[2] = (nz - nx * centreU / focalU - ny * centreV / focalV) / d;
    return true;
  }

  @Override
  boolean facesCamera(double nx, double ny, double nz, double d) {
    // The camera sits at the view origin: it sees the front when the origin is on the normal's side, n·0 − d > 0.
    return d < -1e-12;
  }

  @Override
  boolean groundHit(double u, double v, double h, double[] out) {
    double a = (u - centreU) / focalU;
    double b = (v - centreV) / focalV;
    double[] p0 = new double[3];
    double[] p1 = new double[3];
    viewToWorld(0, 0, 0, p0);
    viewToWorld(a, b, 1, p1);
    double dirZ = p1[2] - p0[2];
    if (dirZ >= 0) {
      return false;
    }
    double t = (h - p0[2]) / dirZ;
    if (t < NEAR) {
      return false;
    }
    out[0] = p0[0] + t * (p1[0] - p0[0]);
    out[1] = p0[1] + t * (p1[1] - p0[1]);
    out[2] = 1.0 / t;
    return true;
  }

  @Override
  double depthKey(double zv) {
    return 1.0 / zv;
  }
}
