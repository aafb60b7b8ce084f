package org.chatvla4j.world.physics;

import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.Workspace;
import org.dyn4j.dynamics.Body;
import org.dyn4j.dynamics.BodyFixture;
import org.dyn4j.dynamics.ContinuousDetectionMode;
import org.dyn4j.dynamics.Settings;
import org.dyn4j.dynamics.joint.FrictionJoint;
import org.dyn4j.geometry.Geometry;
import org.dyn4j.geometry.Mass;
import org.dyn4j.geometry.MassType;
import org.dyn4j.geometry.Vector2;
import org.dyn4j.world.ValueMixer;
import org.dyn4j.world.World;

/**
 * The planar physics of the tabletop on dyn4j, in metres and the original frame, seen from above with no gravity.
 *
 * <ul>
 *   <li>Blocks: convex hulls of their footprints ({@link BlockGeometry}), 10 g, restitution 0. Floor friction μ = 0.5
 *       is Coulomb friction through {@link FrictionJoint}s to a static ground body at {@link
 *       BlockGeometry#SUPPORT_POINTS} support points (the documented dyn4j/Box2D tool for top-down friction).
 *   <li>Contact friction mixes by the product, as Bullet does: block 0.5 × block 0.5 = 0.25, block 0.5 × effector
 *       1.0 = 0.5.
 *   <li>Effector: a kinematic circle, r = 12.7 mm, that moves towards the commanded target at constant velocity so
 *       that it arrives at the end of the 100 ms control period (speed cap {@link #EFFECTOR_MAX_SPEED}). It pushes
 *       blocks with unbounded force, like the position-controlled xArm.
 *   <li>240 Hz, 24 substeps per 10 Hz control step; linear tolerance 0.5 mm (the 5 mm default is too coarse for
 *       4 cm blocks); sleeping and continuous collision detection off (speeds stay ≤ 1 m/s, 4 mm per substep).
 * </ul>
 *
 * A world is built fresh for every layout and bodies are added in a fixed order, so the same layout and the same
 * commands give bitwise-identical trajectories.
 */
public final class TabletopPhysics {
  /** Standard gravity as pybullet's {@code setGravity(0, 0, -9.8)}; it only sets the floor's normal load. */
  public static final double GRAVITY = 9.8;

  /** Block–floor friction coefficient (block 0.5 × plane 1.0). */
  public static final double FLOOR_FRICTION = 0.5;

  /** Per-fixture friction; contacts multiply them. */
  public static final double BLOCK_FRICTION = 0.5;

  public static final double EFFECTOR_FRICTION = 1.0;

  /** Top effector speed (m/s): a full 0.1 m action in one 0.1 s period. */
  public static final double EFFECTOR_MAX_SPEED = 1.0;

  /** Linear tolerance (allowed penetration) of the contact solver. */
  public static final double LINEAR_TOLERANCE = 5e-4;

  private static final double DT = 1.0 / Workspace.PHYSICS_HZ;

  /** Bullet's friction rule: the product of the two coefficients; restitution is 0 everywhere. */
  private static final ValueMixer PRODUCT_MIXER =
      new ValueMixer() {
        @Override
        public double mixFriction(double a, double b) {
          return a * b;
        }

        @Override
        public double mixRestitution(double a, double b) {
          return Math.max(a, b);
        }

        @Override
        public double mixRestitutionVelocity(double a, double b) {
          return Math.min(a, b);
        }
      };

  private final World<Body> world = new World<>();
  private final List<BlockId> ids = new ArrayList<>();
  private final List<Body> blocks = new ArrayList<>();
  private final Body effector;
  private double targetX;
  private double targetY;

  /**
   * A world with the given blocks (in this order) and the effector at (effectorX, effectorY), which is also the
   * initial commanded target.
   */
  public TabletopPhysics(List<BlockPose> poses, double effectorX, double effectorY) {
    Settings s = world.getSettings();
    s.setStepFrequency(DT); // dyn4j's "step frequency" is the step period in seconds
    s.setLinearTolerance(LINEAR_TOLERANCE);
    s.setAtRestDetectionEnabled(false);
    s.setContinuousDetectionMode(ContinuousDetectionMode.NONE);
    world.setGravity(World.ZERO_GRAVITY);
    world.setValueMixer(PRODUCT_MIXER);

    // The ground only anchors the friction joints; its fixture sits far off the table and senses nothing.
    Body ground = new Body();
    BodyFixture gf = ground.addFixture(Geometry.createCircle(0.001));
    gf.setSensor(true);
    ground.translate(-100, -100);
    ground.setMass(MassType.INFINITE);
    world.addBody(ground);

    double loadPerPoint = FLOOR_FRICTION * Workspace.BLOCK_MASS * GRAVITY / BlockGeometry.SUPPORT_POINTS;
    for (BlockPose pose : poses) {
      BlockGeometry g = BlockGeometry.of(pose.id().shape());
      Body b = new Body();
      double[][] hull = g.hull();
      Vector2[] vs = new Vector2[hull.length];
      for (int i = 0; i < hull.length; i++) {
        vs[i] = new Vector2(hull[i][0], hull[i][1]);
      }
      BodyFixture f = b.addFixture(Geometry.createPolygon(vs));
      f.setFriction(BLOCK_FRICTION);
      f.setRestitution(0);
      b.setMass(new Mass(new Vector2(0, 0), Workspace.BLOCK_MASS, g.inertia()));
      b.setMassType(MassType.NORMAL);
      b.rotate(pose.yaw());
      b.translate(pose.x(), pose.y());
      b.setAtRestDetectionEnabled(false);
      world.addBody(b);
      for (double[] sp : g.supportPoints()) {
        double c = Math.cos(pose.yaw());
        double sn = Math.sin(pose.yaw());
        Vector2 anchor = new Vector2(pose.x() + c * sp[0] - sn * sp[1], pose.y() + sn * sp[0] + c * sp[1]);
        FrictionJoint<Body> j = new FrictionJoint<>(b, ground, anchor);
        j.setMaximumForce(loadPerPoint);
        j.setMaximumTorque(0);
        world.addJoint(j);
      }
      ids.add(pose.id());
      blocks.add(b);
    }

    effector = new Body();
    BodyFixture ef = effector.addFixture(Geometry.createCircle(Workspace.EFFECTOR_RADIUS));
    ef.setFriction(EFFECTOR_FRICTION);
    ef.setRestitution(0);
    effector.setMass(MassType.INFINITE);
    effector.translate(effectorX, effectorY);
    effector.setAtRestDetectionEnabled(false);
    world.addBody(effector);
    targetX = effectorX;
    targetY = effectorY;
  }

  /** Sets the commanded effector target (the caller clips it to the workspace). */
  public void setTarget(double x, double y) {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("effector target is not finite: " + x + ", " + y);
    }
    targetX = x;
    targetY = y;
  }

  public double targetX() {
    return targetX;
  }

  public double targetY() {
    return targetY;
  }

  /** One 10 Hz control period: {@link Workspace#SUBSTEPS} substeps with the effector gliding to the target. */
  public void controlStep() {
    for (int i = 0; i < Workspace.SUBSTEPS; i++) {
      substep(Workspace.SUBSTEPS - i);
    }
  }

  /** {@code n} substeps with the effector holding (or returning to) the target, as used for settling. */
  public void settle(int n) {
    for (int i = 0; i < n; i++) {
      substep(1);
    }
  }

  /** One 1/240 s substep; the effector velocity is set to arrive at the target in {@code remaining} substeps. */
  private void substep(int remaining) {
    Vector2 p = effector.getTransform().getTranslation();
    double vx = (targetX - p.x) / (remaining * DT);
    double vy = (targetY - p.y) / (remaining * DT);
    double speed = Math.hypot(vx, vy);
    if (speed > EFFECTOR_MAX_SPEED) {
      vx *= EFFECTOR_MAX_SPEED / speed;
      vy *= EFFECTOR_MAX_SPEED / speed;
    }
    effector.setLinearVelocity(vx, vy);
    effector.setAngularVelocity(0);
    world.step(1);
  }

  /** The current state: block poses in construction order, measured effector position and commanded target. */
  public SceneState scene() {
    List<BlockPose> poses = new ArrayList<>(blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      Body b = blocks.get(i);
      Vector2 t = b.getTransform().getTranslation();
      poses.add(new BlockPose(ids.get(i), t.x, t.y, b.getTransform().getRotationAngle()));
    }
    Vector2 e = effector.getTransform().getTranslation();
    return new SceneState(poses, e.x, e.y, targetX, targetY);
  }

  /** Linear velocity of a block (m/s), for tests and diagnostics. */
  public double[] blockVelocity(BlockId id) {
    Vector2 v = blocks.get(ids.indexOf(id)).getLinearVelocity();
    return new double[] {v.x, v.y};
  }

  /** Sets a block's velocity (m/s, rad/s); for physics checks such as the Coulomb slide. */
  public void setBlockVelocity(BlockId id, double vx, double vy, double omega) {
    Body b = blocks.get(ids.indexOf(id));
    b.setLinearVelocity(vx, vy);
    b.setAngularVelocity(omega);
  }
}
