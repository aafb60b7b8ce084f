package org.chatvla4j.world.render;

/**
 * Where a pinhole camera sits and how it is turned, in pybullet's convention: Euler angles applied as extrinsic
 * rotations about x, then y, then z ({@code getQuaternionFromEuler}); the camera looks along the rotated +z and its
 * image-up is the rotated −y, as Language-Table's {@code calc_camera_params} sets them.
 */
public record CameraPose(double x, double y, double z, double roll, double pitch, double yaw) {
  public CameraPose {
    for (double v : new double[] {x, y, z, roll, pitch, yaw}) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("camera pose must be finite, got " + x + ", " + y + ", " + z + ", "
            + roll + ", " + pitch + ", " + yaw);
      }
    }
  }

  /** Language-Table's camera: position (0.75, 0, 0.5), orientation (π/5, π, −π/2) (tabletop-benchmark.md §3). */
  public static CameraPose languageTable() {
    return new CameraPose(0.75, 0, 0.5, Math.PI / 5, Math.PI, -Math.PI / 2);
  }

  /** The unit look direction in the world. */
  public double[] lookDirection() {
    return rotate(0, 0, 1);
  }

  /** The unit image-up direction in the world. */
  public double[] upDirection() {
    return rotate(0, -1, 0);
  }

  private double[] rotate(double vx, double vy, double vz) {
    // R = Rz(yaw) · Ry(pitch) · Rx(roll), applied right to left.
    double cr = Math.cos(roll), sr = Math.sin(roll);
    double x1 = vx, y1 = cr * vy - sr * vz, z1 = sr * vy + cr * vz;
    double cp = Math.cos(pitch), sp = Math.sin(pitch);
    double x2 = cp * x1 + sp * z1, y2 = y1, z2 = -sp * x1 + cp * z1;
    double cy = Math.cos(yaw), sy = Math.sin(yaw);
    return new double[] {cy * x2 - sy * y2, sy * x2 + cy * y2, z2};
  }
}
