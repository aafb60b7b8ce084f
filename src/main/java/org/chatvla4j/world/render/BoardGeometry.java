package org.chatvla4j.world.render;

/** The visual board of {@code workspace_real.urdf} and the effector tip of {@code cylinder_real.urdf} (tabletop-benchmark.md §1). */
final class BoardGeometry {
  static final double CENTRE_X = 0.35;
  static final double CENTRE_Y = 0.0;
  static final double SIZE_X = 0.4572;
  static final double SIZE_Y = 0.6096;
  static final double EFFECTOR_RADIUS = 0.0127;
  /** The tip cylinder is 0.135 m long and hangs from the effector link held at 0.145 m. */
  static final double EFFECTOR_BOTTOM = 0.145 - 0.135;
  static final double EFFECTOR_TOP = 0.145;

  private BoardGeometry() {}

  static boolean onBoard(double x, double y) {
    return Math.abs(x - CENTRE_X) <= SIZE_X / 2 && Math.abs(y - CENTRE_Y) <= SIZE_Y / 2;
  }
}
