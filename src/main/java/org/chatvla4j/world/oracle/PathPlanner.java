package org.chatvla4j.world.oracle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The oracle's planner, in place of the original's RRT*: a shortest path on a visibility graph around circular
 * obstacles. The straight line is used when it is clear; otherwise the nodes are {@link #RING_NODES} points on a
 * slightly enlarged circle around every obstacle (those inside the waypoint bounds and clear of all obstacles), the
 * edges are the clear segments between nodes, start and goal, and Dijkstra picks the shortest route. It is
 * deterministic, has no iteration budget, and finds a route whenever one through those rings exists.
 *
 * <p>Obstacles are circles like the RRT's (a block centre plus a clearance); a segment collides when it passes
 * within the radius of a centre. In strict mode a start or goal inside an obstacle is a failure, as in the
 * original ({@code inside_obstacles}); otherwise such an obstacle is shrunk just enough to free the endpoint, so the
 * path can leave a block the pusher is touching.
 */
public final class PathPlanner {
  /** Waypoints per obstacle ring. */
  public static final int RING_NODES = 16;

  /** Ring radius as a multiple of the obstacle radius, plus a small absolute margin. */
  private static final double RING_SCALE = 1.1;

  private static final double RING_MARGIN = 0.002;

  /** A circular obstacle. */
  public record Circle(double x, double y, double r) {}

  /** The box waypoints must lie in (start and goal are exempt). */
  public record Bounds(double xMin, double xMax, double yMin, double yMax) {
    boolean contains(double x, double y) {
      return x >= xMin && x <= xMax && y >= yMin && y <= yMax;
    }
  }

  private PathPlanner() {}

  /**
   * A collision-free polyline from {@code start} to {@code goal}: the waypoints after the start, ending with the
   * goal; empty when there is none.
   */
  public static Optional<List<double[]>> plan(
      double[] start, double[] goal, List<Circle> obstacles, Bounds bounds, boolean strict) {
    List<Circle> obs = new ArrayList<>(obstacles.size());
    for (Circle c : obstacles) {
      double ds = Math.hypot(start[0] - c.x, start[1] - c.y);
      double dg = Math.hypot(goal[0] - c.x, goal[1] - c.y);
      double r = c.r;
      if (ds <= r || dg <= r) {
        if (strict) {
          return Optional.empty();
        }
        r = Math.max(0, Math.min(ds, dg) - 1e-4);
      }
      obs.add(new Circle(c.x, c.y, r));
    }
    if (clear(start, goal, obs)) {
      return Optional.of(List.of(goal.clone()));
    }
    List<double[]> nodes = new ArrayList<>();
    nodes.add(start.clone());
    nodes.add(goal.clone());
    for (Circle c : obs) {
      double rr = c.r * RING_SCALE + RING_MARGIN;
      for (int k = 0; k < RING_NODES; k++) {
        double a = 2 * Math.PI * k / RING_NODES;
        double x = c.x + rr * Math.cos(a);
        double y = c.y + rr * Math.sin(a);
        if (bounds.contains(x, y) && outsideAll(x, y, obs)) {
          nodes.add(new double[] {x, y});
        }
      }
    }
    int n = nodes.size();
    double[] dist = new double[n];
    int[] prev = new int[n];
    boolean[] done = new boolean[n];
    Arrays.fill(dist, Double.POSITIVE_INFINITY);
    Arrays.fill(prev, -1);
    dist[0] = 0;
    for (int iter = 0; iter < n; iter++) {
      int u = -1;
      for (int i = 0; i < n; i++) {
        if (!done[i] && (u < 0 || dist[i] < dist[u])) {
          u = i;
        }
      }
      if (u < 0 || dist[u] == Double.POSITIVE_INFINITY) {
        break;
      }
      done[u] = true;
      if (u == 1) {
        break;
      }
      double[] pu = nodes.get(u);
      for (int v = 0; v < n; v++) {
        if (done[v]) {
          continue;
        }
        double[] pv = nodes.get(v);
        double alt = dist[u] + Math.hypot(pu[0] - pv[0], pu[1] - pv[1]);
        if (alt < dist[v] && clear(pu, pv, obs)) {
          dist[v] = alt;
          prev[v] = u;
        }
      }
    }
    if (prev[1] < 0) {
      return Optional.empty();
    }
    List<double[]> path = new ArrayList<>();
    for (int v = 1; v != 0; v = prev[v]) {
      path.add(0, nodes.get(v));
    }
    return Optional.of(path);
  }

  private static boolean outsideAll(double x, double y, List<Circle> obs) {
    for (Circle c : obs) {
      if (Math.hypot(x - c.x, y - c.y) <= c.r) {
        return false;
      }
    }
    return true;
  }

  /** Whether the segment a–b stays farther than every obstacle's radius from its centre. */
  static boolean clear(double[] a, double[] b, List<Circle> obs) {
    double dx = b[0] - a[0];
    double dy = b[1] - a[1];
    double d2 = dx * dx + dy * dy;
    for (Circle c : obs) {
      double t = d2 == 0 ? 0 : ((c.x - a[0]) * dx + (c.y - a[1]) * dy) / d2;
      t = Math.max(0, Math.min(1, t));
      double px = a[0] + t * dx - c.x;
      double py = a[1] + t * dy - c.y;
      if (px * px + py * py <= c.r * c.r) {
        return false;
      }
    }
    return true;
  }
}
