package org.chatvla4j.world.render;

import java.util.Objects;

/**
 * What the scene looks like apart from the blocks, whose colors come from {@link org.chatvla4j.world.BlockColor}:
 * the board, the floor around it (a two-tone checker standing in for pybullet's textured {@code plane.urdf}), the
 * effector and the light.
 */
public record RenderStyle(Rgb board, Rgb floorLight, Rgb floorDark, double floorTileMetres, Rgb effector, Lighting lighting) {
  public RenderStyle {
    Objects.requireNonNull(board, "board");
    Objects.requireNonNull(floorLight, "floorLight");
    Objects.requireNonNull(floorDark, "floorDark");
    Objects.requireNonNull(effector, "effector");
    Objects.requireNonNull(lighting, "lighting");
    if (!(floorTileMetres > 0) || !Double.isFinite(floorTileMetres)) {
      throw new IllegalArgumentException("floorTileMetres must be a positive finite length, got " + floorTileMetres);
    }
  }

  /** Board grey 0.2 (workspace_real.urdf) and the effector's 0.5 grey tip (tabletop-benchmark.md §1, §11). */
  public static RenderStyle languageTable() {
    return new RenderStyle(
        Rgb.grey(0.2), new Rgb(0.72, 0.76, 0.84), new Rgb(0.60, 0.65, 0.75), 0.25, Rgb.grey(0.5), Lighting.tabletop());
  }
}
