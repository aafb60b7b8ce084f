package org.chatvla4j.world;

/** The four Language-Table block colors with their RGBA from the block URDFs (tabletop-benchmark.md §2). */
public enum BlockColor {
  RED(1.0, 0.4, 0.4),
  BLUE(0.4, 0.4, 1.0),
  GREEN(0.4, 1.0, 0.4),
  YELLOW(1.0, 1.0, 0.4);

  private final double r;
  private final double g;
  private final double b;

  BlockColor(double r, double g, double b) {
    this.r = r;
    this.g = g;
    this.b = b;
  }

  /** Linear RGB in [0, 1]. */
  public double[] rgb() {
    return new double[] {r, g, b};
  }

  /** The word used in instructions and questions ("red"). */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
