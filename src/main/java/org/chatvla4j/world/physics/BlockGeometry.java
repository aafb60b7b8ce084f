package org.chatvla4j.world.physics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.chatvla4j.world.BlockOutlines;
import org.chatvla4j.world.BlockShape;
import org.chatvla4j.world.Workspace;

/**
 * The collision geometry and mass properties of one block shape. pybullet collides each dynamic block mesh as its
 * convex hull, so the hull of the mid-height footprint ({@link BlockOutlines#footprint}) is the faithful 2-D body
 * (tabletop-benchmark.md §2). The centre of mass is the mesh origin (the hull centroid is ≤ 2.2 mm away from it);
 * the inertia is that of the uniform hull about the origin.
 *
 * <p>Floor friction is spread over {@link #SUPPORT_POINTS} support points at the hull's mean radius r̄, one quarter
 * of the normal load each: a pure translation then meets μmg and a pure spin μmg·r̄, the two limits of a uniform
 * pressure distribution; off-centre pushes couple the two the way a multi-contact floor does.
 */
public final class BlockGeometry {
  /** Support points per block that carry the floor friction. */
  public static final int SUPPORT_POINTS = 4;

  /** Hull vertices closer than this to the line through their neighbours are dropped (metres). */
  private static final double COLLINEAR_TOLERANCE = 2e-5;

  private static final Map<BlockShape, BlockGeometry> CACHE = new EnumMap<>(BlockShape.class);

  static {
    for (BlockShape s : BlockShape.values()) {
      CACHE.put(s, new BlockGeometry(s));
    }
  }

  private final BlockShape shape;
  private final double[][] hull;
  private final double area;
  private final double polarMoment;
  private final double meanRadius;
  private final double circumradius;
  private final double[][] supportPoints;

  private BlockGeometry(BlockShape shape) {
    this.shape = shape;
    this.hull = simplify(convexHull(BlockOutlines.footprint(shape)));
    double a = 0;
    double r1 = 0;
    double r2 = 0;
    double rmax = 0;
    for (int i = 0; i < hull.length; i++) {
      double[] p = hull[i];
      double[] q = hull[(i + 1) % hull.length];
      double c = p[0] * q[1] - q[0] * p[1];
      a += c / 2;
      r2 += c * (p[0] * p[0] + p[0] * q[0] + q[0] * q[0] + p[1] * p[1] + p[1] * q[1] + q[1] * q[1]) / 12;
      r1 += meanRadiusMoment(p, q);
      rmax = Math.max(rmax, Math.hypot(p[0], p[1]));
    }
    this.area = a;
    this.meanRadius = r1 / a;
    this.polarMoment = r2;
    this.circumradius = rmax;
    this.supportPoints = new double[SUPPORT_POINTS][];
    for (int k = 0; k < SUPPORT_POINTS; k++) {
      double ang = Math.PI / 4 + k * 2 * Math.PI / SUPPORT_POINTS;
      supportPoints[k] = new double[] {meanRadius * Math.cos(ang), meanRadius * Math.sin(ang)};
    }
  }

  public static BlockGeometry of(BlockShape shape) {
    return CACHE.get(shape);
  }

  public BlockShape shape() {
    return shape;
  }

  /** The convex hull, counter-clockwise, body frame (metres); a fresh copy. */
  public double[][] hull() {
    double[][] out = new double[hull.length][];
    for (int i = 0; i < hull.length; i++) {
      out[i] = hull[i].clone();
    }
    return out;
  }

  /** Hull area in m². */
  public double area() {
    return area;
  }

  /** Mean distance of the hull's area from the body origin, r̄ (metres). */
  public double meanRadius() {
    return meanRadius;
  }

  /** Largest distance of a hull vertex from the origin (metres). */
  public double circumradius() {
    return circumradius;
  }

  /** Moment of inertia about the origin of the {@link Workspace#BLOCK_MASS} uniform hull (kg·m²). */
  public double inertia() {
    return Workspace.BLOCK_MASS * polarMoment / area;
  }

  /** The floor-friction support points in the body frame (metres); a fresh copy. */
  public double[][] supportPoints() {
    double[][] out = new double[supportPoints.length][];
    for (int i = 0; i < supportPoints.length; i++) {
      out[i] = supportPoints[i].clone();
    }
    return out;
  }

  /**
   * The signed integral of r over the triangle (origin, p, q), in polar form ∫ R(θ)³/3 dθ along the edge, by
   * composite Simpson (r has no simple closed form over a triangle; area and inertia use the exact polygon formulas).
   */
  private static double meanRadiusMoment(double[] p, double[] q) {
    double cross = p[0] * q[1] - p[1] * q[0];
    if (Math.abs(cross) < 1e-18) {
      return 0;
    }
    // Distance of the edge line from the origin, and the angle range it spans.
    double ex = q[0] - p[0];
    double ey = q[1] - p[1];
    double h = Math.abs(cross) / Math.hypot(ex, ey);
    double phi = Math.atan2(-ex, ey); // edge normal direction (for CCW edges it points outward)
    if (cross < 0) {
      phi += Math.PI;
    }
    double t0 = Math.atan2(p[1], p[0]);
    double t1 = Math.atan2(q[1], q[0]);
    double dt = t1 - t0;
    while (dt > Math.PI) dt -= 2 * Math.PI;
    while (dt < -Math.PI) dt += 2 * Math.PI;
    double m1 = 0;
    int n = 128;
    for (int i = 0; i <= n; i++) {
      double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
      double r = h / Math.cos(t0 + dt * i / n - phi);
      m1 += w * r * r * r / 3;
    }
    return m1 * dt / (3.0 * n);
  }

  /** Andrew's monotone chain; counter-clockwise, no repeated points. */
  static double[][] convexHull(List<double[]> points) {
    double[][] pts = points.stream().map(double[]::clone).toArray(double[][]::new);
    Arrays.sort(pts, Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
    int n = pts.length;
    double[][] h = new double[2 * n][];
    int k = 0;
    for (double[] p : pts) {
      while (k >= 2 && cross(h[k - 2], h[k - 1], p) <= 0) k--;
      h[k++] = p;
    }
    for (int i = n - 2, t = k + 1; i >= 0; i--) {
      double[] p = pts[i];
      while (k >= t && cross(h[k - 2], h[k - 1], p) <= 0) k--;
      h[k++] = p;
    }
    return Arrays.copyOf(h, k - 1);
  }

  /** Drops vertices that lie within {@link #COLLINEAR_TOLERANCE} of the chord of their neighbours. */
  private static double[][] simplify(double[][] hull) {
    List<double[]> out = new ArrayList<>(Arrays.asList(hull));
    boolean changed = true;
    while (changed && out.size() > 3) {
      changed = false;
      for (int i = 0; i < out.size() && out.size() > 3; i++) {
        double[] a = out.get((i + out.size() - 1) % out.size());
        double[] b = out.get(i);
        double[] c = out.get((i + 1) % out.size());
        double chord = Math.hypot(c[0] - a[0], c[1] - a[1]);
        if (cross(a, b, c) / chord < COLLINEAR_TOLERANCE) {
          out.remove(i);
          changed = true;
          i--;
        }
      }
    }
    return out.toArray(double[][]::new);
  }

  private static double cross(double[] o, double[] a, double[] b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }
}
