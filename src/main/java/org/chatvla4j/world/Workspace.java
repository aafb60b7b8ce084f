package org.chatvla4j.world;

/**
 * The fixed numbers of Language-Table's world (tabletop-benchmark.md §1, §4), in metres, seconds and the original
 * frame: x grows away from the robot base ("down" in the camera image), y grows to the image right; the robot base
 * is at the origin.
 */
public final class Workspace {
  private Workspace() {}

  /** The commanded effector target is clipped to this box ({@code constants.py}). */
  public static final double X_MIN = 0.15;

  public static final double X_MAX = 0.60;
  public static final double Y_MIN = -0.3048;
  public static final double Y_MAX = 0.3048;

  /** Centre of the workspace. */
  public static final double CENTER_X = (X_MIN + X_MAX) / 2;

  public static final double CENTER_Y = 0.0;

  /**
   * Centre x of the visual board ({@code workspace_real.urdf}): 2.5 cm nearer the robot than the arm's workspace, which
   * is why block2absolutelocation's anchors are shifted by {@code -0.025} in x.
   */
  public static final double BOARD_CENTER_X = 0.35;

  /** The visual board's extent along x (18 in). */
  public static final double BOARD_SIZE_X = 0.4572;

  /** The visual board's extent along y (24 in): the workspace's full width. */
  public static final double BOARD_SIZE_Y = Y_MAX - Y_MIN;

  /** {@code WORKSPACE_BOUNDS_BUFFER}: shrinks the workspace for initial poses and goal validity. */
  public static final double BOUNDS_BUFFER = 0.08;

  /** Inner sampling box for the initial block and effector positions. */
  public static final double INNER_X_MIN = X_MIN + BOUNDS_BUFFER;

  public static final double INNER_X_MAX = X_MAX - BOUNDS_BUFFER;
  public static final double INNER_Y_MIN = Y_MIN + BOUNDS_BUFFER;
  public static final double INNER_Y_MAX = Y_MAX - BOUNDS_BUFFER;

  /** The nominal action box: each component of a Δxy action is clipped to ±this. */
  public static final double MAX_ACTION = 0.1;

  /** Control rate of {@code step()}. */
  public static final double CONTROL_HZ = 10.0;

  /** Physics rate (pybullet's default fixed time step). */
  public static final double PHYSICS_HZ = 240.0;

  /** Physics substeps per control step (240 / 10). */
  public static final int SUBSTEPS = (int) (PHYSICS_HZ / CONTROL_HZ);

  /** Radius of the cylindrical end effector tip. */
  public static final double EFFECTOR_RADIUS = 0.0127;

  /** Mass of every block (kg). */
  public static final double BLOCK_MASS = 0.01;

  /** {@code BLOCK_DISTANCE_THRESHOLD}: minimum centre spacing of initial blocks (overlaps are possible). */
  public static final double BLOCK_SPACING = 0.0175;

  /** {@code ARM_DISTANCE_THRESHOLD}: minimum initial distance of a block from the effector. */
  public static final double ARM_CLEARANCE = 0.06;

  /** Reward of a success (sparse). */
  public static final double GOAL_REWARD = 100.0;

  /** Whether a point lies strictly inside the workspace shrunk by {@code buffer} ({@code target_inside_bounds}). */
  public static boolean insideBounds(double x, double y, double buffer) {
    return x > X_MIN + buffer && x < X_MAX - buffer && y > Y_MIN + buffer && y < Y_MAX - buffer;
  }

  /** {@link #insideBounds(double, double, double)} with {@link #BOUNDS_BUFFER}. */
  public static boolean insideBounds(double x, double y) {
    return insideBounds(x, y, BOUNDS_BUFFER);
  }

  /**
   * Where the commanded effector target goes when {@code action} is applied at ({@code targetX}, {@code targetY}): each
   * component clipped to ±{@link #MAX_ACTION}, the result clipped to the workspace. The env steps with this rule, and
   * recorders use it to turn an action into the move it commands, so the two cannot disagree.
   */
  public static double[] commandedTarget(double targetX, double targetY, double[] action) {
    double dx = clip(action[0], -MAX_ACTION, MAX_ACTION);
    double dy = clip(action[1], -MAX_ACTION, MAX_ACTION);
    return new double[] {clip(targetX + dx, X_MIN, X_MAX), clip(targetY + dy, Y_MIN, Y_MAX)};
  }

  static double clip(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
