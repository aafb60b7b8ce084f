package org.chatvla4j.world.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathPlannerTest {
  private static final PathPlanner.Bounds BOX = new PathPlanner.Bounds(0, 1, -1, 1);

  @Test
  void straightLineWhenClear() {
    List<double[]> p =
        PathPlanner.plan(new double[] {0.2, 0}, new double[] {0.5, 0}, List.of(new PathPlanner.Circle(0.3, 0.2, 0.03)), BOX, true)
            .orElseThrow();
    assertEquals(1, p.size());
    assertEquals(0.5, p.get(0)[0]);
  }

  @Test
  void detoursAroundObstaclesAndStaysClear() {
    List<PathPlanner.Circle> obs =
        List.of(new PathPlanner.Circle(0.35, 0.0, 0.03), new PathPlanner.Circle(0.45, 0.02, 0.03));
    double[] start = {0.2, 0.0};
    double[] goal = {0.6, 0.0};
    List<double[]> p = PathPlanner.plan(start, goal, obs, BOX, true).orElseThrow();
    assertTrue(p.size() >= 2, "needs a waypoint");
    assertEquals(goal[0], p.get(p.size() - 1)[0]);
    List<double[]> poly = new ArrayList<>();
    poly.add(start);
    poly.addAll(p);
    double length = 0;
    for (int i = 0; i + 1 < poly.size(); i++) {
      assertTrue(PathPlanner.clear(poly.get(i), poly.get(i + 1), obs));
      length += Math.hypot(poly.get(i + 1)[0] - poly.get(i)[0], poly.get(i + 1)[1] - poly.get(i)[1]);
    }
    assertTrue(length < 0.5, "a short detour: " + length);
  }

  @Test
  void strictModeRejectsEndpointsInsideObstacles() {
    List<PathPlanner.Circle> obs = List.of(new PathPlanner.Circle(0.3, 0.0, 0.03));
    assertTrue(PathPlanner.plan(new double[] {0.31, 0}, new double[] {0.6, 0}, obs, BOX, true).isEmpty());
    assertTrue(PathPlanner.plan(new double[] {0.1, 0}, new double[] {0.29, 0.01}, obs, BOX, true).isEmpty());
    // Lenient mode shrinks the obstacle around the endpoint and plans.
    assertTrue(PathPlanner.plan(new double[] {0.31, 0}, new double[] {0.6, 0}, obs, BOX, false).isPresent());
  }

  @Test
  void failsWhenWalledIn() {
    List<PathPlanner.Circle> ring = new ArrayList<>();
    for (int k = 0; k < 24; k++) {
      double a = 2 * Math.PI * k / 24;
      ring.add(new PathPlanner.Circle(0.5 + 0.1 * Math.cos(a), 0.1 * Math.sin(a), 0.03));
    }
    assertTrue(PathPlanner.plan(new double[] {0.5, 0}, new double[] {0.9, 0.5}, ring, BOX, true).isEmpty());
  }
}
