package org.chatvla4j.world.task;

import static org.chatvla4j.world.task.Scenes.at;
import static org.chatvla4j.world.task.Scenes.id;
import static org.chatvla4j.world.task.Scenes.scene;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chatvla4j.world.SceneState;
import org.junit.jupiter.api.Test;

/** Each family's success predicate just inside and just outside its threshold (tabletop-benchmark.md §5). */
class SuccessPredicateTest {
  private static final double IN = -1e-4;
  private static final double OUT = 1e-4;

  @Test
  void block2block() {
    Block2BlockTask t =
        new Block2BlockTask("push the red moon to the blue cube", id("red_moon"), "red moon", id("blue_cube"), "blue cube", "to the");
    assertTrue(t.succeeded(scene(at("red_moon", 0.3, 0.0), at("blue_cube", 0.3, 0.05 + IN))));
    assertFalse(t.succeeded(scene(at("red_moon", 0.3, 0.0), at("blue_cube", 0.3, 0.05 + OUT))));
    // Either block may have moved: only the distance counts.
    assertTrue(t.succeeded(scene(at("red_moon", 0.5, 0.2), at("blue_cube", 0.5 - 0.0499, 0.2))));
  }

  @Test
  void absoluteLocation() {
    for (AbsoluteLocation loc : AbsoluteLocation.values()) {
      Block2AbsoluteLocationTask t =
          new Block2AbsoluteLocationTask("x", id("red_moon"), "red moon", loc, loc.synonyms().get(0));
      double r = loc == AbsoluteLocation.CENTER ? 0.10 : 0.115;
      double c = Math.cos(0.7);
      double s = Math.sin(0.7);
      assertTrue(t.succeeded(scene(at("red_moon", loc.x() + (r + IN) * c, loc.y() + (r + IN) * s))), loc.key());
      assertFalse(t.succeeded(scene(at("red_moon", loc.x() + (r + OUT) * c, loc.y() + (r + OUT) * s))), loc.key());
    }
  }

  @Test
  void relativeLocation() {
    Block2RelativeLocationTask t =
        new Block2RelativeLocationTask("x", id("red_moon"), "red moon", Direction.UP, false, 0.2, 0.0, "up");
    assertTrue(t.succeeded(scene(at("red_moon", 0.3 + IN, 0.0))));
    assertFalse(t.succeeded(scene(at("red_moon", 0.3 + OUT, 0.0))));
  }

  @Test
  void blockRelativeLocation() {
    for (Direction d : Direction.values()) {
      Block2BlockRelativeLocationTask t =
          new Block2BlockRelativeLocationTask("x", id("red_moon"), "red moon", id("blue_cube"), "blue cube", d, "y", 0.35, 0.0);
      double[] o = t.offset();
      double n = Math.hypot(o[0], o[1]);
      double ux = o[0] / n;
      double uy = o[1] / n;
      // Beyond the far end of the line (1.1 × offset): 4 cm away is the edge.
      double far = 1.1 * n + 0.04;
      assertTrue(t.succeeded(scene(at("red_moon", 0.35 + (far + IN) * ux, (far + IN) * uy), at("blue_cube", 0.35, 0.0))), d.key());
      assertFalse(t.succeeded(scene(at("red_moon", 0.35 + (far + OUT) * ux, (far + OUT) * uy), at("blue_cube", 0.35, 0.0))), d.key());
      // Short of the near end (0.5 × offset).
      double near = 0.5 * n - 0.04;
      assertTrue(t.succeeded(scene(at("red_moon", 0.35 + (near - IN) * ux, (near - IN) * uy), at("blue_cube", 0.35, 0.0))), d.key());
      assertFalse(t.succeeded(scene(at("red_moon", 0.35 + (near - OUT) * ux, (near - OUT) * uy), at("blue_cube", 0.35, 0.0))), d.key());
    }
  }

  @Test
  void blockRelativeLocationDragCheck() {
    Block2BlockRelativeLocationTask t =
        new Block2BlockRelativeLocationTask("x", id("red_moon"), "red moon", id("blue_cube"), "blue cube", Direction.RIGHT, "y", 0.35, 0.0);
    // The pair is in place relative to each other, but the target block moved by 5 cm ± 0.1 mm from its reset spot.
    for (double drag : new double[] {0.05 + IN, 0.05 + OUT}) {
      SceneState s = scene(at("red_moon", 0.35 + drag, 0.08), at("blue_cube", 0.35 + drag, 0.0));
      if (drag < 0.05) {
        assertTrue(t.succeeded(s));
      } else {
        assertFalse(t.succeeded(s));
      }
    }
  }

  @Test
  void separate() {
    SeparateTask t = new SeparateTask("x", id("red_moon"), "red moon", List.of(id("blue_cube"), id("green_star")), "blue cube and green star");
    // Centroid (0.35, 0); the pushed block on the +y side: the target is (0.35, 0.1).
    double cx = 0.35;
    assertTrue(t.succeeded(scene(at("red_moon", cx, 0.1 + 0.025 + IN), at("blue_cube", cx - 0.02, 0.0), at("green_star", cx + 0.02, 0.0))));
    assertFalse(t.succeeded(scene(at("red_moon", cx, 0.1 + 0.025 + OUT), at("blue_cube", cx - 0.02, 0.0), at("green_star", cx + 0.02, 0.0))));
    assertTrue(t.succeeded(scene(at("red_moon", cx, 0.1 - 0.025 - IN), at("blue_cube", cx - 0.02, 0.0), at("green_star", cx + 0.02, 0.0))));
    assertFalse(t.succeeded(scene(at("red_moon", cx, 0.1 - 0.025 - OUT), at("blue_cube", cx - 0.02, 0.0), at("green_star", cx + 0.02, 0.0))));
  }

  @Test
  void pointToBlockUsesTheCommandedTarget() {
    Point2BlockTask t = new Point2BlockTask("point at the red moon", id("red_moon"), "red moon");
    assertTrue(t.succeeded(scene(0.3, 0.05 + IN, at("red_moon", 0.3, 0.0))));
    assertFalse(t.succeeded(scene(0.3, 0.05 + OUT, at("red_moon", 0.3, 0.0))));
    // The measured effector does not count, only the commanded target.
    SceneState s = new SceneState(List.of(at("red_moon", 0.3, 0.0)), 0.3, 0.01, 0.3, 0.2);
    assertFalse(t.succeeded(s));
  }
}
