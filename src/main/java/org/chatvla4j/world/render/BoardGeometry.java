package org.chatvla4j.world.render;

import org.chatvla4j.world.Workspace;

/** The visual board of {@code workspace_real.urdf} and the effector tip of {@code cylinder_real.urdf} (tabletop-benchmark.md §1), in
 * the numbers of {@link Workspace}. */
final class BoardGeometry {
  static final double CENTRE_X = Workspace.BOARD_CENTER_X;
  static final double CENTRE_Y = Workspace.CENTER_Y;
  static final double SIZE_X = Workspace.BOARD_SIZE_X;
  static final double SIZE_Y = Workspace.BOARD_SIZE_Y;
  static final double EFFECTOR_RADIUS = Workspace.EFFECTOR_RADIUS;
  /** The tip cylinder is 0.135 m long and hangs from the effector link held at 0.145 m. */
  static final double EFFECTOR_BOTTOM = 0.145 - 0.135;
  static final double EFFECTOR_TOP = 0.145;

  private BoardGeometry() {}

  static boolean onBoard(double x, double y) {
    return Math.abs(x - CENTRE_X) <= SIZE_X / 2 && Math.abs(y - CENTRE_Y) <= SIZE_Y / 2;
  }
}
