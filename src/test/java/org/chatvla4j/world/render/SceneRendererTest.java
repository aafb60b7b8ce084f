package org.chatvla4j.world.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockOutlines;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.junit.jupiter.api.Test;

class SceneRendererTest {
  private static final int RED_TOP = 0xFF6666; // URDF (1, 0.4, 0.4) at shade 1
  private static final int BLUE_TOP = 0x6666FF;
  private static final int GREEN_TOP = 0x66FF66;
  private static final int YELLOW_TOP = 0xFFFF66;
  /** Effector parked at the bottom right, clear of the blocks under test. */
  private static final double EFFECTOR_X = 0.58, EFFECTOR_Y = 0.27;

  private static SceneState scene(BlockPose... blocks) {
    return new SceneState(List.of(blocks), EFFECTOR_X, EFFECTOR_Y, EFFECTOR_X, EFFECTOR_Y);
  }

  private static BlockPose pose(String name, double x, double y, double yaw) {
    return new BlockPose(BlockId.parse(name), x, y, yaw);
  }

  /**
   * The top face shows the URDF color exactly, on exactly the pixels whose centres its projected outline covers;
   * every pixel the block changes lies inside the projection of its solid.
   */
  @Test
  void blockPixelsHaveItsColorWhereItsOutlineProjects() {
    SceneRenderer renderer = SceneRenderer.languageTable(ImageSize.languageTable());
    BlockPose cube = pose("red_cube", 0.375, 0.02, 0.3);
    RgbFrame withBlock = renderer.render(scene(cube));
    RgbFrame without = renderer.render(scene());
    List<double[]> top = RenderGeometry.projectedOutline(
        renderer.camera(), cube, BlockOutlines.topFace(cube.id().shape()), BlockOutlines.HEIGHT);
    List<double[]> silhouette = RenderGeometry.hull(RenderGeometry.projectedSolid(renderer.camera(), cube));
    int topPixels = 0;
    int changed = 0;
    for (int row = 0; row < 180; row++) {
      for (int col = 0; col < 320; col++) {
        double u = col + 0.5, v = row + 0.5;
        int rgb = withBlock.rgbAt(row, col);
        boolean clear = RenderGeometry.distanceToEdges(top, u, v) > 1e-3;
        if (clear && RenderGeometry.inside(top, u, v)) {
          assertEquals(RED_TOP, rgb, "pixel (" + row + ", " + col + ") inside the projected top face");
        }
        if (rgb == RED_TOP) {
          topPixels++;
          assertTrue(RenderGeometry.inside(top, u, v) || !clear, "red top pixel (" + row + ", " + col + ") outside");
        }
        if (rgb != without.rgbAt(row, col)) {
          changed++;
          assertTrue(RenderGeometry.inside(silhouette, u, v) || RenderGeometry.distanceToEdges(silhouette, u, v) < 1e-3,
              "changed pixel (" + row + ", " + col + ") outside the block's projection");
        }
      }
    }
    double area = RenderGeometry.area(top);
    assertTrue(area > 100, "the top face should cover > 100 px at 180 × 320, got " + area);
    assertEquals(area, topPixels, RenderGeometry.perimeter(top) / 2 + 2, "top pixels vs projected area");
    assertTrue(changed > topPixels + 20, "walls should show below the top face: " + changed + " vs " + topPixels);
    assertEquals(RenderGeometry.area(silhouette), changed, RenderGeometry.perimeter(silhouette) / 2 + 2);
  }

  /** The wall facing the camera (+x normal) is shaded 0.45 + 0.55·(0.4 / 1) = 0.67 under the tabletop light. */
  @Test
  void wallFacingTheCameraHasTheLambertShade() {
    SceneRenderer renderer = SceneRenderer.languageTable(ImageSize.languageTable());
    BlockPose cube = pose("red_cube", 0.375, 0.0, 0.0);
    RgbFrame frame = renderer.render(scene(cube));
    double half = 0.018106 * 1.095; // footprint half-width of the cube
    double[] p = renderer.camera().project(cube.x() + half, 0.0, 0.018);
    // round(255 · 0.67) = 171 = 0xAB, round(102 · 0.67) = 68 = 0x44.
    assertEquals(0xAB4444, frame.rgbAt((int) p[1], (int) p[0]));
  }

  @Test
  void everyColorShowsOnItsTopFace() {
    SceneRenderer renderer = SceneRenderer.languageTable(ImageSize.languageTable());
    BlockPose[] blocks = {pose("red_moon", 0.30, -0.15, 0.4), pose("blue_cube", 0.30, 0.15, 1.0),
      pose("green_star", 0.45, -0.12, 2.0), pose("yellow_pentagon", 0.45, 0.10, 3.0)};
    int[] colors = {RED_TOP, BLUE_TOP, GREEN_TOP, YELLOW_TOP};
    RgbFrame frame = renderer.render(scene(blocks));
    for (int i = 0; i < blocks.length; i++) {
      BlockPose b = blocks[i];
      // Body point (0, 0.003) is inside every top outline, the crescent included.
      double c = Math.cos(b.yaw()), s = Math.sin(b.yaw());
      double[] p = renderer.camera().project(b.x() - s * 0.003, b.y() + c * 0.003, BlockOutlines.HEIGHT);
      assertEquals(colors[i], frame.rgbAt((int) p[1], (int) p[0]), b.id() + " top color");
    }
  }

  /** The nearer block hides part of the farther one, whatever order the scene lists them in. */
  @Test
  void depthOrderDoesNotDependOnListOrder() {
    SceneRenderer renderer = SceneRenderer.languageTable(ImageSize.languageTable());
    BlockPose near = pose("blue_cube", 0.42, 0.0, 0.0);
    BlockPose far = pose("red_cube", 0.38, 0.0, 0.0);
    RgbFrame a = renderer.render(scene(near, far));
    RgbFrame b = renderer.render(scene(far, near));
    assertTrue(a.samePixels(b));
    double[] p = renderer.camera().project(0.42 - 0.015, 0.0, BlockOutlines.HEIGHT);
    List<double[]> farSilhouette = RenderGeometry.hull(RenderGeometry.projectedSolid(renderer.camera(), far));
    assertTrue(RenderGeometry.inside(farSilhouette, p[0], p[1]), "the test point must be where both blocks project");
    assertEquals(BLUE_TOP, a.rgbAt((int) p[1], (int) p[0]));
  }

  @Test
  void sameSceneGivesSamePngBytes() {
    SceneState s = TestScenes.block8(new SplittableRandom(7));
    byte[] one = PngFiles.encode(SceneRenderer.languageTable(ImageSize.languageTable()).render(s));
    byte[] two = PngFiles.encode(SceneRenderer.languageTable(ImageSize.languageTable()).render(s));
    assertArrayEquals(one, two);
  }

  @Test
  void reusedFrameAndRendererGiveFreshResults() {
    SplittableRandom rng = new SplittableRandom(11);
    SceneState s1 = TestScenes.block8(rng);
    SceneState s2 = TestScenes.block8(rng);
    SceneRenderer renderer = SceneRenderer.languageTable(ImageSize.languageTable());
    RgbFrame reused = renderer.newFrame();
    renderer.renderInto(s1, reused);
    renderer.renderInto(s2, reused);
    assertFalse(reused.samePixels(SceneRenderer.languageTable(ImageSize.languageTable()).render(s1)));
    renderer.renderInto(s1, reused);
    assertTrue(reused.samePixels(SceneRenderer.languageTable(ImageSize.languageTable()).render(s1)));
  }

  /** Twice the size: four times the top-face pixels and the same picture at twice the coordinates. */
  @Test
  void otherSizesScaleThePicture() {
    SceneState s = scene(pose("red_cube", 0.33, -0.1, 0.5), pose("blue_moon", 0.45, 0.12, 1.0));
    double[] small = stats(SceneRenderer.languageTable(new ImageSize(180, 320)).render(s), RED_TOP);
    double[] big = stats(SceneRenderer.languageTable(new ImageSize(360, 640)).render(s), RED_TOP);
    double[] square = stats(SceneRenderer.languageTable(new ImageSize(224, 224)).render(s), RED_TOP);
    assertEquals(4.0, big[0] / small[0], 0.4, "pixel count ratio");
    assertEquals(2 * small[1], big[1], 1.0, "centroid u");
    assertEquals(2 * small[2], big[2], 1.0, "centroid v");
    assertEquals(small[1] * 224 / 320, square[1], 1.0, "centroid u at 224 × 224");
    assertEquals(small[2] * 224 / 180, square[2], 1.0, "centroid v at 224 × 224");
  }

  /** {count, mean u, mean v} of the pixels of one color. */
  private static double[] stats(RgbFrame f, int color) {
    double n = 0, su = 0, sv = 0;
    for (int row = 0; row < f.height(); row++) {
      for (int col = 0; col < f.width(); col++) {
        if (f.rgbAt(row, col) == color) {
          n++;
          su += col + 0.5;
          sv += row + 0.5;
        }
      }
    }
    return new double[] {n, su / n, sv / n};
  }

  @Test
  void topDownViewShowsTopFacesToScale() {
    SceneRenderer renderer = SceneRenderer.topDown(ImageSize.languageTable());
    TopDownCamera camera = (TopDownCamera) renderer.camera();
    double ppm = camera.pixelsPerMetre();
    assertEquals(180 / (0.4572 + 0.04), ppm, 1e-9);
    BlockPose cube = pose("red_cube", 0.30, 0.10, 0.0);
    RgbFrame frame = renderer.render(scene(cube));
    double[] st = stats(frame, RED_TOP);
    double topAreaM2 = RenderGeometry.area(BlockOutlines.topFace(cube.id().shape()));
    assertEquals(13.01e-4, topAreaM2, 0.01e-4);
    assertEquals(topAreaM2 * ppm * ppm, st[0], 0.08 * topAreaM2 * ppm * ppm);
    assertEquals(160 + ppm * 0.10, st[1], 0.5, "image right = +y");
    assertEquals(90 + ppm * (0.30 - 0.35), st[2], 0.5, "image down = +x");
    // The effector is seen from above as its 0.5-grey top cap.
    int effU = (int) (160 + ppm * EFFECTOR_Y), effV = (int) (90 + ppm * (EFFECTOR_X - 0.35));
    assertEquals(0x808080, frame.rgbAt(effV, effU));
  }

  @Test
  void emptySceneShowsBoardFloorAndEffector() {
    SceneRenderer renderer = SceneRenderer.languageTable(ImageSize.languageTable());
    RgbFrame frame = renderer.render(new SceneState(List.of(), 0.375, 0.0, 0.375, 0.0));
    double[] board = renderer.camera().project(0.5, -0.2, 0);
    assertEquals(0x333333, frame.rgbAt((int) board[1], (int) board[0]), "board grey 0.2");
    int corner = frame.rgbAt(0, 0);
    RenderStyle style = RenderStyle.languageTable();
    assertTrue(corner == style.floorLight().packed() || corner == style.floorDark().packed(), "floor at the corner");
    double[] cap = renderer.camera().project(0.375, 0.0, 0.145);
    assertEquals(0x808080, frame.rgbAt((int) cap[1] + 1, (int) cap[0]), "effector top cap");
    for (int c : frame.toPackedArray()) {
      assertTrue(c != RED_TOP && c != BLUE_TOP && c != GREEN_TOP && c != YELLOW_TOP);
    }
  }

  /** Blocks behind or under the camera are clipped at the near plane and do not disturb the picture. */
  @Test
  void blocksBehindTheCameraAreClipped() {
    SceneRenderer renderer = SceneRenderer.languageTable(ImageSize.languageTable());
    RgbFrame empty = renderer.render(scene());
    for (double x : new double[] {1.44, 1.6, 2.5}) {
      RgbFrame frame = renderer.render(scene(pose("red_cube", x, 0.0, 0.2)));
      assertTrue(frame.samePixels(empty), "block at x = " + x);
    }
  }

  @Test
  void rejectsBadInput() {
    SceneRenderer renderer = SceneRenderer.languageTable(ImageSize.languageTable());
    RgbFrame wrong = new RgbFrame(new ImageSize(90, 160));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> renderer.renderInto(scene(), wrong));
    assertTrue(e.getMessage().contains("newFrame"), e.getMessage());
    SceneState nan = new SceneState(List.of(), Double.NaN, 0, 0, 0);
    assertThrows(IllegalArgumentException.class, () -> renderer.render(nan));
    assertThrows(IndexOutOfBoundsException.class, () -> renderer.render(scene()).rgbAt(180, 0));
    assertThrows(IllegalArgumentException.class, () -> renderer.newFrame().copyHwcBytes(new byte[10]));
  }

  @Test
  void hwcBytesAreRowMajorRgb() {
    SceneRenderer renderer = SceneRenderer.languageTable(new ImageSize(18, 32));
    RgbFrame frame = renderer.render(TestScenes.block8(new SplittableRandom(3)));
    byte[] hwc = frame.toHwcBytes();
    assertEquals(18 * 32 * 3, hwc.length);
    List<int[]> probes = new ArrayList<>(List.of(new int[] {0, 0}, new int[] {17, 31}, new int[] {9, 16}));
    for (int[] rc : probes) {
      int o = (rc[0] * 32 + rc[1]) * 3;
      int rgb = frame.rgbAt(rc[0], rc[1]);
      assertEquals((rgb >> 16) & 0xFF, hwc[o] & 0xFF);
      assertEquals((rgb >> 8) & 0xFF, hwc[o + 1] & 0xFF);
      assertEquals(rgb & 0xFF, hwc[o + 2] & 0xFF);
    }
  }
}
