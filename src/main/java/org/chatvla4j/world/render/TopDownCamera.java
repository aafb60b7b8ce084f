package org.chatvla4j.world.render;

/**
 * A straight-down orthographic view with square pixels: image-down is +x (away from the robot) and image-right is +y,
 * the same directions as the oblique camera, so "top left" means the same corner in both pictures.
 */
public final class TopDownCamera extends Camera {
  /** Height of the (orthographic) eye; only its order relative to the scene matters. */
  private static final double EYE_HEIGHT = 2.0;

  private final double pixelsPerMetre;
  private final double centreU;
  private final double centreV;

  /** Centres the view on (centreX, centreY) and fits an extentX × extentY metre rectangle inside the image. */
  public TopDownCamera(ImageSize size, double centreX, double centreY, double extentX, double extentY) {
    super(size, new double[] {centreX, centreY, EYE_HEIGHT}, new double[] {0, 1, 0}, new double[] {1, 0, 0},
        new double[] {0, 0, -1});
    if (!(extentX > 0) || !(extentY > 0) || !Double.isFinite(extentX) || !Double.isFinite(extentY)) {
      throw new IllegalArgumentException("top-down extents must be positive metres, got " + extentX + ", " + extentY);
    }
    if (!Double.isFinite(centreX) || !Double.isFinite(centreY)) {
      throw new IllegalArgumentException("top-down centre must be finite, got " + centreX + ", " + centreY);
    }
    this.pixelsPerMetre = Math.min(size.height() / extentX, size.width() / extentY);
    this.centreU = size.width() / 2.0;
    this.centreV = size.height() / 2.0;
  }

  /** The whole board (0.4572 × 0.6096 m centred at (0.35, 0)) with a 2 cm margin. */
  public static TopDownCamera board(ImageSize size) {
    return new TopDownCamera(size, BoardGeometry.CENTRE_X, BoardGeometry.CENTRE_Y,
        BoardGeometry.SIZE_X + 0.04, BoardGeometry.SIZE_Y + 0.04);
  }

  public double pixelsPerMetre() {
    return pixelsPerMetre;
  }

  @Override
  double pixelU(double xv, double zv) {
    return centreU + pixelsPerMetre * xv;
  }

  @Override
  double pixelV(double yv, double zv) {
    return centreV + pixelsPerMetre * yv;
  }

  @Override
  double nearDepth() {
    return 1e-3;
  }

  @Override
  boolean depthKeyPlane(double nx, double ny, double nz, double d, double[] abc) {
    if (Math.abs(nz) < 1e-9) {
      return false;
    }
    // key = −z with z = (d − nx·x − ny·y)/nz, x = (u − cu)/s, y = (v − cv)/s.
    abc[0] = nx / (pixelsPerMetre * nz);
    abc[1] = ny / (pixelsPerMetre * nz);
    abc[2] = (-nx * centreU / pixelsPerMetre - ny * centreV / pixelsPerMetre - d) / nz;
    return true;
  }

  @Override
  boolean facesCamera(double nx, double ny, double nz, double d) {
    return nz < -1e-9;
  }

  @Override
  boolean groundHit(double u, double v, double h, double[] out) {
    double[] p = new double[3];
    viewToWorld((u - centreU) / pixelsPerMetre, (v - centreV) / pixelsPerMetre, 0, p);
    double t = p[2] - h;
    if (t <= 0) {
      return false;
    }
    out[0] = p[0];
    out[1] = p[1];
    out[2] = -t;
    return true;
  }

  @Override
  double depthKey(double zv) {
    return -zv;
  }
}
