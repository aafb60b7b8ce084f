package org.chatvla4j.world.render;

import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.world.BlockOutlines;
import org.chatvla4j.world.BlockPose;

/** Test-side geometry: projected outlines, point-in-polygon and convex hulls, written independently of the renderer. */
final class RenderGeometry {
  private RenderGeometry() {}

  /** The block's outline (top face or footprint) at height z, projected to pixels. */
  static List<double[]> projectedOutline(Camera camera, BlockPose b, List<double[]> outline, double z) {
    List<double[]> out = new ArrayList<>();
    double c = Math.cos(b.yaw()), s = Math.sin(b.yaw());
    for (double[] p : outline) {
      out.add(camera.project(b.x() + c * p[0] - s * p[1], b.y() + s * p[0] + c * p[1], z));
    }
    return out;
  }

  /** Every vertex of the block solid, projected. */
  static List<double[]> projectedSolid(Camera camera, BlockPose b) {
    List<double[]> all = new ArrayList<>();
    all.addAll(projectedOutline(camera, b, BlockOutlines.footprint(b.id().shape()), 0));
    all.addAll(projectedOutline(camera, b, BlockOutlines.footprint(b.id().shape()), BlockOutlines.HEIGHT));
    all.addAll(projectedOutline(camera, b, BlockOutlines.topFace(b.id().shape()), BlockOutlines.HEIGHT));
    return all;
  }

  /** Even-odd point in polygon. */
  static boolean inside(List<double[]> poly, double x, double y) {
    boolean in = false;
    for (int i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
      double[] a = poly.get(i), b = poly.get(j);
      if ((a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) {
        in = !in;
      }
    }
    return in;
  }

  /** Distance from a point to the polygon's boundary. */
  static double distanceToEdges(List<double[]> poly, double x, double y) {
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
      double[] a = poly.get(j), b = poly.get(i);
      double dx = b[0] - a[0], dy = b[1] - a[1];
      double t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(a[0] + t * dx - x, a[1] + t * dy - y));
    }
    return best;
  }

  static double area(List<double[]> poly) {
    double a = 0;
    for (int i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
      a += poly.get(j)[0] * poly.get(i)[1] - poly.get(i)[0] * poly.get(j)[1];
    }
    return Math.abs(a) / 2;
  }

  static double perimeter(List<double[]> poly) {
    double p = 0;
    for (int i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
      p += Math.hypot(poly.get(i)[0] - poly.get(j)[0], poly.get(i)[1] - poly.get(j)[1]);
    }
    return p;
  }

  /** Convex hull (monotone chain), counter-clockwise. */
  static List<double[]> hull(List<double[]> points) {
    List<double[]> p = new ArrayList<>(points);
    p.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    List<double[]> h = new ArrayList<>();
    for (int pass = 0; pass < 2; pass++) {
      int start = h.size();
      for (double[] q : p) {
        while (h.size() >= start + 2 && cross(h.get(h.size() - 2), h.get(h.size() - 1), q) <= 0) {
          h.remove(h.size() - 1);
        }
        h.add(q);
      }
      h.remove(h.size() - 1);
      java.util.Collections.reverse(p);
    }
    return h;
  }

  private static double cross(double[] o, double[] a, double[] b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }
}
