package org.chatvla4j.world.render;

import java.util.List;
import java.util.Objects;
import org.chatvla4j.world.BlockColor;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.BlockShape;
import org.chatvla4j.world.SceneState;

/**
 * Renders a {@link SceneState} through a {@link Camera}: the board and floor, each block as an extruded chamfered
 * prism in its URDF color with Lambert shading, and the effector's tip cylinder at the measured effector position.
 * Visibility is resolved per pixel with a depth buffer, so any viewpoint orders faces correctly.
 *
 * <p>Pixels are a pure function of the scene (no antialiasing, no threads): the same scene gives the same bytes. One
 * renderer reuses its buffers across frames and allocates nothing per frame in {@link #renderInto}; it is therefore
 * not thread-safe: give each thread its own.
 */
public final class SceneRenderer {
  /** Facets of the effector cylinder; 24 keeps its silhouette round at 640 px wide. */
  private static final int CYLINDER_SIDES = 24;
  /** The floor's depth is taken this far below the board so a wall's bottom edge always wins the depth test. */
  private static final double FLOOR_DEPTH_BIAS = 5e-4;

  private final Camera camera;
  private final RenderStyle style;
  private final int[] backgroundRgb;
  private final float[] backgroundKey;
  private final ZBuffer zbuffer;
  private final Solid[] blockSolids = new Solid[BlockShape.values().length];
  private final Rgb[] blockColors = new Rgb[BlockColor.values().length];
  private final Solid effector;

  // Per-frame scratch, sized once for the largest solid.
  private final double[] view;
  private final double[] projU;
  private final double[] projV;
  private final double[] faceU;
  private final double[] faceV;
  private final double[] clipIn;
  private final double[] clipOut;
  private final double[] normalView = new double[3];
  private final double[] keyPlane = new double[3];

  public SceneRenderer(Camera camera, RenderStyle style) {
    this.camera = Objects.requireNonNull(camera, "camera");
    this.style = Objects.requireNonNull(style, "style");
    for (BlockShape shape : BlockShape.values()) {
      blockSolids[shape.ordinal()] = Solid.block(shape);
    }
    for (BlockColor color : BlockColor.values()) {
      blockColors[color.ordinal()] = Rgb.of(color);
    }
    effector = Solid.cylinder(
        BoardGeometry.EFFECTOR_RADIUS, BoardGeometry.EFFECTOR_BOTTOM, BoardGeometry.EFFECTOR_TOP, CYLINDER_SIDES);
    int maxVertices = effector.vertexCount();
    int maxFace = effector.maxFaceVertices();
    for (Solid s : blockSolids) {
      maxVertices = Math.max(maxVertices, s.vertexCount());
      maxFace = Math.max(maxFace, s.maxFaceVertices());
    }
    // Clipping a polygon against one plane adds at most one vertex.
    int maxPolygon = maxFace + 1;
    view = new double[3 * maxVertices];
    projU = new double[maxVertices];
    projV = new double[maxVertices];
    faceU = new double[maxPolygon];
    faceV = new double[maxPolygon];
    clipIn = new double[3 * maxPolygon];
    clipOut = new double[3 * maxPolygon];
    zbuffer = new ZBuffer(camera.size(), maxPolygon);
    backgroundRgb = new int[camera.size().pixels()];
    backgroundKey = new float[camera.size().pixels()];
    paintBackground();
  }

  /** Language-Table's oblique camera at the given size, reference colors. */
  public static SceneRenderer languageTable(ImageSize size) {
    return new SceneRenderer(PinholeCamera.languageTable(size), RenderStyle.languageTable());
  }

  /** The straight-down orthographic view of the whole board at the given size, reference colors. */
  public static SceneRenderer topDown(ImageSize size) {
    return new SceneRenderer(TopDownCamera.board(size), RenderStyle.languageTable());
  }

  public Camera camera() {
    return camera;
  }

  public ImageSize size() {
    return camera.size();
  }

  /** A frame of this renderer's size, for {@link #renderInto}. */
  public RgbFrame newFrame() {
    return new RgbFrame(camera.size());
  }

  /** Renders into a new frame. */
  public RgbFrame render(SceneState scene) {
    RgbFrame frame = newFrame();
    renderInto(scene, frame);
    return frame;
  }

  /** Renders the scene into {@code target}, overwriting every pixel; allocates nothing. */
  public void renderInto(SceneState scene, RgbFrame target) {
    Objects.requireNonNull(scene, "scene");
    Objects.requireNonNull(target, "target");
    if (!target.size().equals(camera.size())) {
      throw new IllegalArgumentException(
          "target frame is " + target.size() + " but this renderer draws " + camera.size() + "; use newFrame()");
    }
    if (!Double.isFinite(scene.effectorX()) || !Double.isFinite(scene.effectorY())) {
      throw new IllegalArgumentException(
          "effector position must be finite, got (" + scene.effectorX() + ", " + scene.effectorY() + ")");
    }
    int[] rgb = target.pixels();
    System.arraycopy(backgroundRgb, 0, rgb, 0, rgb.length);
    zbuffer.reset(backgroundKey);
    List<BlockPose> blocks = scene.blocks();
    for (int i = 0; i < blocks.size(); i++) {
      BlockPose b = blocks.get(i);
      drawSolid(rgb, blockSolids[b.id().shape().ordinal()], b.x(), b.y(), b.yaw(), blockColors[b.id().color().ordinal()]);
    }
    drawSolid(rgb, effector, scene.effectorX(), scene.effectorY(), 0.0, style.effector());
  }

  private void drawSolid(int[] rgb, Solid solid, double px, double py, double yaw, Rgb color) {
    double c = Math.cos(yaw);
    double s = Math.sin(yaw);
    double near = camera.nearDepth();
    int nv = solid.vertexCount();
    for (int k = 0; k < nv; k++) {
      double bx = solid.x[k];
      double by = solid.y[k];
      camera.toView(px + c * bx - s * by, py + s * bx + c * by, solid.z[k], view, 3 * k);
      double zv = view[3 * k + 2];
      if (zv >= near) {
        projU[k] = camera.pixelU(view[3 * k], zv);
        projV[k] = camera.pixelV(view[3 * k + 1], zv);
      }
    }
    for (int f = 0; f < solid.faces.length; f++) {
      int[] face = solid.faces[f];
      double wnx = c * solid.normalX[f] - s * solid.normalY[f];
      double wny = s * solid.normalX[f] + c * solid.normalY[f];
      double wnz = solid.normalZ[f];
      camera.directionToView(wnx, wny, wnz, normalView);
      int v0 = 3 * face[0];
      double d = normalView[0] * view[v0] + normalView[1] * view[v0 + 1] + normalView[2] * view[v0 + 2];
      if (!camera.facesCamera(normalView[0], normalView[1], normalView[2], d)
          || !camera.depthKeyPlane(normalView[0], normalView[1], normalView[2], d, keyPlane)) {
        continue;
      }
      int n = gatherPolygon(face, near);
      if (n < 3) {
        continue;
      }
      int packed = color.packedShaded(style.lighting().shade(wnx, wny, wnz));
      zbuffer.fill(rgb, faceU, faceV, n, keyPlane[0], keyPlane[1], keyPlane[2], packed);
    }
  }

  /** Puts the face's pixel polygon in faceU/faceV, clipped to the near plane; returns its vertex count. */
  private int gatherPolygon(int[] face, double near) {
    boolean allInFront = true;
    for (int idx : face) {
      if (view[3 * idx + 2] < near) {
        allInFront = false;
        break;
      }
    }
    if (allInFront) {
      for (int i = 0; i < face.length; i++) {
        faceU[i] = projU[face[i]];
        faceV[i] = projV[face[i]];
      }
      return face.length;
    }
    for (int i = 0; i < face.length; i++) {
      System.arraycopy(view, 3 * face[i], clipIn, 3 * i, 3);
    }
    int n = clipNear(face.length, near);
    for (int i = 0; i < n; i++) {
      double zv = clipOut[3 * i + 2];
      faceU[i] = camera.pixelU(clipOut[3 * i], zv);
      faceV[i] = camera.pixelV(clipOut[3 * i + 1], zv);
    }
    return n;
  }

  /** Sutherland–Hodgman against z ≥ near, clipIn → clipOut (view coordinates). */
  private int clipNear(int n, double near) {
    int out = 0;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      double za = clipIn[3 * i + 2];
      double zb = clipIn[3 * j + 2];
      boolean aIn = za >= near;
      boolean bIn = zb >= near;
      if (aIn) {
        System.arraycopy(clipIn, 3 * i, clipOut, 3 * out++, 3);
      }
      if (aIn != bIn) {
        double t = (near - za) / (zb - za);
        for (int k = 0; k < 3; k++) {
          clipOut[3 * out + k] = clipIn[3 * i + k] + t * (clipIn[3 * j + k] - clipIn[3 * i + k]);
        }
        clipOut[3 * out + 2] = near;
        out++;
      }
    }
    return out;
  }

  private void paintBackground() {
    ImageSize size = camera.size();
    double[] hit = new double[3];
    double[] keyHit = new double[3];
    int boardRgb = style.board().packed();
    int floorLight = style.floorLight().packed();
    int floorDark = style.floorDark().packed();
    double tile = style.floorTileMetres();
    for (int row = 0; row < size.height(); row++) {
      for (int col = 0; col < size.width(); col++) {
        int p = row * size.width() + col;
        if (!camera.groundHit(col + 0.5, row + 0.5, 0.0, hit)
            || !camera.groundHit(col + 0.5, row + 0.5, -FLOOR_DEPTH_BIAS, keyHit)) {
          backgroundRgb[p] = floorDark;
          backgroundKey[p] = Float.NEGATIVE_INFINITY;
          continue;
        }
        backgroundKey[p] = (float) keyHit[2];
        if (BoardGeometry.onBoard(hit[0], hit[1])) {
          backgroundRgb[p] = boardRgb;
        } else {
          long cell = (long) Math.floor(hit[0] / tile) + (long) Math.floor(hit[1] / tile);
          backgroundRgb[p] = (cell & 1) == 0 ? floorLight : floorDark;
        }
      }
    }
  }
}
