package org.chatvla4j.world.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PinholeCameraTest {
  private static final PinholeCamera CAMERA = PinholeCamera.languageTable(ImageSize.languageTable());

  /** The workspace corners and centre as tabletop-benchmark.md §3 lists them, within 1.5 px. */
  @Test
  void projectsTheDocumentedWorkspacePoints() {
    assertPixel(CAMERA, 0.15, -0.3048, 56.6, 25.0);
    assertPixel(CAMERA, 0.15, 0.3048, 263.4, 25.0);
    assertPixel(CAMERA, 0.6, -0.3048, 1.0, 180.0);
    assertPixel(CAMERA, 0.6, 0.3048, 319.0, 180.0);
    assertPixel(CAMERA, 0.375, 0.0, 160.0, 86.0);
  }

  @Test
  void eulerAnglesGiveTheDocumentedLookAndUpDirections() {
    double[] look = CameraPose.languageTable().lookDirection();
    double[] up = CameraPose.languageTable().upDirection();
    // 54° below the horizon, facing the robot: (−sin 36°, 0, −cos 36°); up (−cos 36°, 0, sin 36°).
    double s = Math.sin(Math.PI / 5), c = Math.cos(Math.PI / 5);
    assertArrayClose(new double[] {-s, 0, -c}, look, 1e-12);
    assertArrayClose(new double[] {-c, 0, s}, up, 1e-12);
    assertEquals(257.0, CAMERA.focalU(), 0.05);
    assertEquals(257.0, CAMERA.focalV(), 0.05);
  }

  @Test
  void imageLeftIsMinusYAndImageTopIsSmallX() {
    double[] left = CAMERA.project(0.375, -0.1, 0);
    double[] right = CAMERA.project(0.375, 0.1, 0);
    double[] top = CAMERA.project(0.25, 0, 0);
    double[] bottom = CAMERA.project(0.5, 0, 0);
    assertTrue(left[0] < right[0]);
    assertTrue(top[1] < bottom[1]);
  }

  @Test
  void otherSizesScaleEachAxis() {
    PinholeCamera big = PinholeCamera.languageTable(new ImageSize(360, 640));
    PinholeCamera square = PinholeCamera.languageTable(new ImageSize(224, 224));
    double[][] points = {{0.15, -0.3048, 0}, {0.6, 0.3048, 0}, {0.375, 0, 0}, {0.3, 0.1, 0.0381}};
    for (double[] p : points) {
      double[] base = CAMERA.project(p[0], p[1], p[2]);
      double[] twice = big.project(p[0], p[1], p[2]);
      double[] sq = square.project(p[0], p[1], p[2]);
      assertEquals(2 * base[0], twice[0], 1e-9);
      assertEquals(2 * base[1], twice[1], 1e-9);
      assertEquals(base[0] * 224 / 320.0, sq[0], 1e-9);
      assertEquals(base[1] * 224 / 180.0, sq[1], 1e-9);
    }
  }

  @Test
  void pointsBehindTheCameraDoNotProject() {
    // Depth along the view axis is 0.809·0.5 − 0.588·(x − 0.75) for a floor point, zero at x ≈ 1.438.
    assertNull(CAMERA.project(1.6, 0, 0));
    assertNotNull(CAMERA.project(1.3, 0, 0));
  }

  @Test
  void rejectsBadSizesNamingTheField() {
    IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> new ImageSize(0, 320));
    assertTrue(h.getMessage().contains("height") && h.getMessage().contains("0"), h.getMessage());
    IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> new ImageSize(180, -4));
    assertTrue(w.getMessage().contains("width") && w.getMessage().contains("-4"), w.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ImageSize(ImageSize.MAX_SIDE + 1, 10));
    assertThrows(IllegalArgumentException.class,
        () -> new PinholeCamera(ImageSize.languageTable(), CameraPose.languageTable(), 0, 257));
  }

  private static void assertPixel(Camera camera, double x, double y, double u, double v) {
    double[] p = camera.project(x, y, 0);
    assertNotNull(p);
    assertEquals(u, p[0], 1.5, "u of (" + x + ", " + y + ")");
    assertEquals(v, p[1], 1.5, "v of (" + x + ", " + y + ")");
  }

  private static void assertArrayClose(double[] expected, double[] actual, double tol) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, "component " + i);
    }
  }
}
