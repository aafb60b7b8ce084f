package org.chatvla4j.world.oracle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.BlockShape;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.Policy;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.Workspace;
import org.chatvla4j.world.task.Block2BlockRelativeLocationTask;
import org.chatvla4j.world.task.Task;

/**
 * The scripted push oracle, a port of {@code ObstacleOrientedPushOracleBoard2dRRT} (tabletop-benchmark.md §6) with
 * {@link PathPlanner} in place of RRT*.
 *
 * <p>Each step it reads the scene and the task (privileged, like the original's {@code compute_state}), keeps a
 * block route to the target (other blocks are 3 cm obstacles; it advances to the next waypoint within 2.5 cm and
 * follows the live task target after the last one) and runs the state machine of {@link Phase}: travel to 5 cm behind
 * the block on the push line along a planned effector route, close in to 3 cm, then push through the block (aim
 * 1 cm behind its centre). When the block's yaw is off its pushing face by more than 0.2 rad (moon: 0.25 rad, faces
 * ±90°, 2-fold symmetry; others 4-fold) it orbits the block at 2.5 cm in ±0.2 rad steps until the error is below
 * 0.03 (moon 0.02). Speed caps: 0.35 m/s pushing, 0.30 travelling, 0.15 orienting; except while travelling, the step
 * shrinks by 0.2/0.3/0.4/0.5/0.6 when the block is within 0.02/0.04/0.06/0.08/0.10 m of its (sub)goal.
 *
 * <p>Differences from the original, all in the planning: the visibility-graph planner replaces both RRT*s
 * (deterministic, no iteration budget); the effector route keeps 4.5 cm from block centres where it can (3 cm
 * otherwise) instead of 3 cm; effector goals outside the workspace are clamped into it, so the state machine cannot
 * wait forever for an unreachable point; the potential-field fallback is replaced by the direct route; point2block
 * (which the original's oracle handles by accident) moves the effector to 3.5 cm from the block.
 */
public final class PushOracle implements Policy {
  // Block route (the original's RRT constants).
  static final double BLOCK_OBSTACLE_RADIUS = 0.015 + 0.015; // BLOCK_DIAMETER used as a radius + delta
  static final double ADVANCE_TO_NEXT_SUBGOAL = 0.025;
  static final int REPLAN_EVERY = 10;
  static final double[] RELATIVE_BACKOFF_SCALES = {1.1, 1.2, 1.3, 1.4, 1.5};

  /** Waypoints of the block route stay inside the RRT's range less its walls. */
  static final PathPlanner.Bounds BLOCK_BOUNDS = new PathPlanner.Bounds(0.175, 0.625, -0.3198, 0.3198);

  // Effector route.
  static final double PRE_BLOCK_OFFSET = 0.05;
  static final double[] EE_BACKOFF_OFFSETS = {0.05, 0.06, 0.07, 0.08};
  static final double EE_CLEARANCE = 0.045;
  static final double EE_CLEARANCE_TIGHT = 0.03;
  static final double EE_FILTER_RADIUS = 0.05;
  static final double ADVANCE_TO_NEXT_EE_SUBGOAL = 0.01;
  static final PathPlanner.Bounds EE_BOUNDS =
      new PathPlanner.Bounds(Workspace.X_MIN, Workspace.X_MAX, Workspace.Y_MIN, Workspace.Y_MAX);

  // State machine.
  static final double NEXT_TO_BLOCK = 0.03;
  /** The original's "arrived at the pre-block point" distance: its own steps land there exactly. */
  static final double ARRIVED = 0.001;
  /** Arrival radius in noise standard deviations when actions are executed with noise: 86 % of noisy steps land inside. */
  static final double ARRIVED_NOISE_STDS = 2;
  static final double TOUCHING_BLOCK = 0.01;
  static final double ORIENT_RADIUS = 0.025;
  static final double ORIENT_STEP = 0.2;
  static final double POINT_OFFSET = 0.035;
  static final double PUSH_SPEED = 0.35;
  static final double TRAVEL_SPEED = 0.30;
  static final double ORIENT_SPEED = 0.15;

  /** The longest step the oracle commands (m): the pushing speed cap over one control period. */
  public static final double MAX_STEP = PUSH_SPEED / Workspace.CONTROL_HZ;

  private static final double[] SLOWDOWN_DISTANCES = {0.02, 0.04, 0.06, 0.08, 0.10};
  private static final double[] SLOWDOWN_FACTORS = {0.2, 0.3, 0.4, 0.5, 0.6};
  private static final double FLOAT32_EPS = Math.ulp(1.0f);

  private final Supplier<Task> taskSource;
  private final double arrived;

  private Task task;
  private Phase phase;
  private String reasoning;
  private double[] blockSubgoal;
  private final Deque<double[]> blockPlan = new ArrayDeque<>();
  private boolean needReplan;
  private int replanCounter;
  private double[] eeSubgoal;
  private final Deque<double[]> eePlan = new ArrayDeque<>();
  private boolean eePlanSuccess;

  /** An oracle for the task that {@code taskSource} returns (e.g. {@code env::task}), read at every step. */
  public PushOracle(Supplier<Task> taskSource) {
    this(taskSource, ARRIVED);
  }

  private PushOracle(Supplier<Task> taskSource, double arrived) {
    this.taskSource = Objects.requireNonNull(taskSource, "taskSource");
    this.arrived = arrived;
    reset();
  }

  @Override
  public void reset() {
    task = null;
    phase = Phase.MOVE_TO_PRE_BLOCK_AVOID;
    reasoning = null;
    blockSubgoal = null;
    blockPlan.clear();
    needReplan = false;
    replanCounter = 0;
    eeSubgoal = null;
    eePlan.clear();
    eePlanSuccess = false;
  }

  /**
   * An oracle whose actions are executed with zero-mean Gaussian noise of {@code noiseStd} per axis (DART data): it
   * counts the pre-block point as reached within max(1 mm, 2 σ) instead of 1 mm. Its own steps land exactly, noisy
   * ones land about σ·√(π/2) away, so with the 1 mm test it would circle the point for dozens of steps (measured: 80 %
   * of all steps "Move behind ..." at σ = 3 mm, 55 % without noise). {@code noiseStd = 0} gives the plain oracle.
   */
  public static PushOracle underNoise(Supplier<Task> taskSource, double noiseStd) {
    if (!(noiseStd >= 0 && Double.isFinite(noiseStd))) {
      throw new IllegalArgumentException("noise std must be a finite number of metres >= 0, got " + noiseStd);
    }
    return new PushOracle(taskSource, Math.max(ARRIVED, ARRIVED_NOISE_STDS * noiseStd));
  }

  /** The phase the last action was chosen in. */
  public Phase phase() {
    return phase;
  }

  @Override
  public Optional<String> reasoning() {
    return Optional.ofNullable(reasoning);
  }

  @Override
  public double[][] act(Observation observation) {
    Task current = taskSource.get();
    if (current != task) {
      reset(); // a new instruction: replan from scratch, as the original does
      task = current;
    }
    SceneState s = observation.scene();
    double[] delta;
    if (task.succeeded(s)) {
      phase = Phase.DONE;
      delta = new double[] {0, 0};
    } else if (task.family() == TaskFamily.POINT2BLOCK) {
      delta = point(s);
    } else {
      delta = push(s);
    }
    reasoning = SubstepReasoning.sentence(phase, task, delta);
    return new double[][] {delta};
  }

  /** The per-step quantities of the original's {@code _get_action_info}. */
  private record Info(
      double[] block,
      double[] ee,
      double[] preBlock,
      double[] dirBlockToTarget,
      double[] deltaToNextToBlock,
      double[] deltaToTouching,
      double[] dirBlockToEe,
      double thetaError,
      double thetaToOrient,
      double thetaFlatEnough,
      double distanceToTarget) {}

  private Info info(SceneState s) {
    BlockPose b = s.require(task.block());
    double[] block = {b.x(), b.y()};
    double[] ee = {s.targetX(), s.targetY()};
    double[] target = blockPlan.isEmpty() ? task.target(s) : blockSubgoal;
    double tx = target[0] - block[0];
    double ty = target[1] - block[1];
    double dist = Math.hypot(tx, ty);
    double[] dir = {tx / (dist + FLOAT32_EPS), ty / (dist + FLOAT32_EPS)};
    double thetaToTarget = Math.atan2(dir[1], dir[0]);
    double err;
    double toOrient;
    double flat;
    if (task.block().shape() != BlockShape.MOON) {
      err = thetaToTarget - b.yaw();
      toOrient = 0.2;
      flat = 0.03;
      while (err > Math.PI / 4) err -= Math.PI / 2;
      while (err < -Math.PI / 4) err += Math.PI / 2;
    } else {
      // Push the moon on its indent or its back: +90°, 2-fold symmetry.
      err = thetaToTarget - b.yaw() + Math.PI / 2;
      toOrient = 0.25;
      flat = 0.02;
      while (err < -Math.PI / 2) err += Math.PI;
      while (err > Math.PI / 2) err -= Math.PI;
    }
    double[] preBlock = reachable(block[0] - dir[0] * PRE_BLOCK_OFFSET, block[1] - dir[1] * PRE_BLOCK_OFFSET);
    double[] next = reachable(block[0] - dir[0] * NEXT_TO_BLOCK, block[1] - dir[1] * NEXT_TO_BLOCK);
    double[] touching = reachable(block[0] - dir[0] * TOUCHING_BLOCK, block[1] - dir[1] * TOUCHING_BLOCK);
    double ex = ee[0] - block[0];
    double ey = ee[1] - block[1];
    double en = Math.hypot(ex, ey);
    double[] dirToEe = en > 0 ? new double[] {ex / en, ey / en} : new double[] {-dir[0], -dir[1]};
    return new Info(
        block,
        ee,
        preBlock,
        dir,
        new double[] {next[0] - ee[0], next[1] - ee[1]},
        new double[] {touching[0] - ee[0], touching[1] - ee[1]},
        dirToEe,
        err,
        toOrient,
        flat,
        dist);
  }

  private double[] push(SceneState s) {
    if (blockSubgoal == null) {
      planBlock(s);
    }
    replanCounter++;
    if (needReplan && replanCounter % REPLAN_EVERY == 0) {
      planBlock(s);
    }
    Info info = info(s);
    if (info.distanceToTarget <= ADVANCE_TO_NEXT_SUBGOAL && !blockPlan.isEmpty()) {
      blockSubgoal = blockPlan.poll();
      info = info(s);
    }

    double maxSpeed = PUSH_SPEED;
    double[] delta = {0, 0};
    // The original's sequence of ifs: a phase changed by one branch runs the next branches in the same step.
    if (phase == Phase.MOVE_TO_PRE_BLOCK_AVOID) {
      if (eeSubgoal == null || !eePlanSuccess) {
        planEe(s, info);
      }
      // Advance along the effector route; after its end, follow the live pre-block point.
      if (dist(eeSubgoal, info.ee) < ADVANCE_TO_NEXT_EE_SUBGOAL && !eePlan.isEmpty()) {
        eeSubgoal = eePlan.poll();
      }
      if (eePlan.isEmpty()) {
        eeSubgoal = info.preBlock;
      }
      maxSpeed = TRAVEL_SPEED;
      delta = sub(eeSubgoal, info.ee);
      if (norm(delta) < arrived) {
        phase = Phase.MOVE_TO_BLOCK;
      }
    }
    if (phase == Phase.MOVE_TO_PRE_BLOCK) {
      maxSpeed = TRAVEL_SPEED;
      delta = sub(info.preBlock, info.ee);
      if (norm(delta) < arrived) {
        phase = Phase.MOVE_TO_BLOCK;
      }
    }
    if (phase == Phase.MOVE_TO_BLOCK) {
      delta = info.deltaToNextToBlock;
      if (norm(delta) < 0.01) {
        phase = Phase.PUSH_BLOCK;
      }
      if (info.thetaError > info.thetaToOrient) {
        phase = Phase.ORIENT_BLOCK_LEFT;
      }
      if (info.thetaError < -info.thetaToOrient) {
        phase = Phase.ORIENT_BLOCK_RIGHT;
      }
    }
    if (phase == Phase.PUSH_BLOCK) {
      if (Math.abs(info.thetaError) > info.thetaToOrient) {
        phase = Phase.MOVE_TO_PRE_BLOCK;
      }
      delta = info.deltaToTouching;
    }
    if (phase == Phase.ORIENT_BLOCK_LEFT || phase == Phase.ORIENT_BLOCK_RIGHT) {
      maxSpeed = ORIENT_SPEED;
      boolean left = phase == Phase.ORIENT_BLOCK_LEFT;
      double a = left ? ORIENT_STEP : -ORIENT_STEP;
      double c = Math.cos(a);
      double sn = Math.sin(a);
      double[] d = info.dirBlockToEe;
      double[] spot =
          reachable(
              info.block[0] + (c * d[0] - sn * d[1]) * ORIENT_RADIUS,
              info.block[1] + (sn * d[0] + c * d[1]) * ORIENT_RADIUS);
      delta = sub(spot, info.ee);
      if (left ? info.thetaError < info.thetaFlatEnough : info.thetaError > -info.thetaFlatEnough) {
        phase = Phase.MOVE_TO_PRE_BLOCK;
      }
    }

    double maxStep = maxSpeed / Workspace.CONTROL_HZ;
    if (phase != Phase.MOVE_TO_PRE_BLOCK_AVOID) {
      maxStep = slowdown(info.distanceToTarget, maxStep);
    }
    return cap(delta, maxStep);
  }

  private double[] point(SceneState s) {
    phase = Phase.POINT_AT_BLOCK;
    BlockPose b = s.require(task.block());
    double[] ee = {s.targetX(), s.targetY()};
    double dx = b.x() - ee[0];
    double dy = b.y() - ee[1];
    double d = Math.hypot(dx, dy) + FLOAT32_EPS;
    double[] goal = reachable(b.x() - dx / d * POINT_OFFSET, b.y() - dy / d * POINT_OFFSET);
    List<PathPlanner.Circle> obstacles = obstacles(s, Set.of(task.block()), EE_CLEARANCE);
    double[] waypoint =
        PathPlanner.plan(ee, goal, obstacles, EE_BOUNDS, false).map(p -> p.get(0)).orElse(goal);
    double maxStep = slowdown(d, TRAVEL_SPEED / Workspace.CONTROL_HZ);
    return cap(sub(waypoint, ee), maxStep);
  }

  /** {@code get_plan}: the block route, with the block2blockrelative backoff; direct (and replan later) on failure. */
  private void planBlock(SceneState s) {
    double[] goal = task.target(s);
    Optional<List<double[]>> path = blockRoute(s, task, goal);
    if (path.isEmpty() && task instanceof Block2BlockRelativeLocationTask rel) {
      path = relativeBackoffRoute(s, rel, goal);
    }
    needReplan = path.isEmpty();
    List<double[]> route = path.orElse(List.of(goal));
    // Keep waypoints at least ADVANCE_TO_NEXT_SUBGOAL apart; the goal always stays.
    blockPlan.clear();
    double[] last = blockPosition(s);
    for (int i = 0; i < route.size(); i++) {
      double[] p = route.get(i);
      if (i == route.size() - 1 || dist(p, last) >= ADVANCE_TO_NEXT_SUBGOAL) {
        blockPlan.add(p);
        last = p;
      }
    }
    blockSubgoal = blockPlan.poll();
  }

  private double[] blockPosition(SceneState s) {
    BlockPose b = s.require(task.block());
    return new double[] {b.x(), b.y()};
  }

  private static Optional<List<double[]>> blockRoute(SceneState s, Task task, double[] goal) {
    BlockPose b = s.require(task.block());
    Set<BlockId> skip = new HashSet<>(task.notObstacles());
    skip.add(task.block());
    return PathPlanner.plan(
        new double[] {b.x(), b.y()}, goal, obstacles(s, skip, BLOCK_OBSTACLE_RADIUS), BLOCK_BOUNDS, true);
  }

  /** Plans to 1.1–1.5 × the offset from the target block, then appends the true target. */
  private static Optional<List<double[]>> relativeBackoffRoute(
      SceneState s, Block2BlockRelativeLocationTask rel, double[] goal) {
    BlockPose t = s.require(rel.targetBlock());
    double[] o = rel.offset();
    for (double scale : RELATIVE_BACKOFF_SCALES) {
      double[] g = {t.x() + o[0] * scale, t.y() + o[1] * scale};
      Optional<List<double[]>> p = blockRoute(s, rel, g);
      if (p.isPresent()) {
        List<double[]> out = new ArrayList<>(p.get());
        out.add(goal);
        return Optional.of(out);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the oracle can plan a block route for this layout: the eval's stand-in for the original's "RRT
   * {@code get_plan()} succeeds" check. It fails when the block starts within 3 cm of another block's centre, when
   * the goal lies within 3 cm of one, or when no route exists (block2blockrelative also tries the backed-off goals).
   * point2block always passes.
   */
  public static boolean canPlan(SceneState s, Task task) {
    if (task.family() == TaskFamily.POINT2BLOCK) {
      return true;
    }
    double[] goal = task.target(s);
    if (blockRoute(s, task, goal).isPresent()) {
      return true;
    }
    return task instanceof Block2BlockRelativeLocationTask rel && relativeBackoffRoute(s, rel, goal).isPresent();
  }

  /** The effector route to (a backed-off) pre-block point; falls back to the direct line. */
  private void planEe(SceneState s, Info info) {
    eePlan.clear();
    List<double[]> route = null;
    outer:
    for (double clearance : new double[] {EE_CLEARANCE, EE_CLEARANCE_TIGHT}) {
      for (double offset : EE_BACKOFF_OFFSETS) {
        double[] goal =
            reachable(
                info.block[0] - info.dirBlockToTarget[0] * offset, info.block[1] - info.dirBlockToTarget[1] * offset);
        // Blocks touching the goal are not obstacles, unless it is the pushed block.
        Set<BlockId> skip = new HashSet<>();
        for (BlockPose b : s.blocks()) {
          if (!b.id().equals(task.block()) && b.distanceTo(goal[0], goal[1]) < EE_FILTER_RADIUS) {
            skip.add(b.id());
          }
        }
        Optional<List<double[]>> p = PathPlanner.plan(info.ee, goal, obstacles(s, skip, clearance), EE_BOUNDS, false);
        if (p.isPresent()) {
          route = new ArrayList<>(p.get());
          break outer;
        }
      }
    }
    eePlanSuccess = route != null;
    if (route == null) {
      route = new ArrayList<>();
    }
    // The route ends at a backed-off point; the real pre-block point comes last.
    if (route.isEmpty() || dist(route.get(route.size() - 1), info.preBlock) > 1e-5) {
      route.add(info.preBlock);
    }
    eePlan.addAll(route);
    eeSubgoal = eePlan.poll();
  }

  /** Circles of {@code radius} around the blocks on the table, except {@code skip}. */
  private static List<PathPlanner.Circle> obstacles(SceneState s, Set<BlockId> skip, double radius) {
    List<PathPlanner.Circle> out = new ArrayList<>();
    for (BlockPose b : s.blocks()) {
      if (skip.contains(b.id())) {
        continue;
      }
      out.add(new PathPlanner.Circle(b.x(), b.y(), radius));
    }
    return out;
  }

  private static double slowdown(double distance, double maxStep) {
    for (int i = 0; i < SLOWDOWN_DISTANCES.length; i++) {
      if (distance < SLOWDOWN_DISTANCES[i]) {
        return maxStep * SLOWDOWN_FACTORS[i];
      }
    }
    return maxStep;
  }

  /** Clamps a point into the workspace, where the effector target can go. */
  private static double[] reachable(double x, double y) {
    return new double[] {
      Math.max(Workspace.X_MIN, Math.min(Workspace.X_MAX, x)), Math.max(Workspace.Y_MIN, Math.min(Workspace.Y_MAX, y))
    };
  }

  private static double[] cap(double[] d, double maxStep) {
    double n = norm(d);
    if (n > maxStep) {
      return new double[] {d[0] / n * maxStep, d[1] / n * maxStep};
    }
    return d;
  }

  private static double[] sub(double[] a, double[] b) {
    return new double[] {a[0] - b[0], a[1] - b[1]};
  }

  private static double norm(double[] d) {
    return Math.hypot(d[0], d[1]);
  }

  private static double dist(double[] a, double[] b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }
}
