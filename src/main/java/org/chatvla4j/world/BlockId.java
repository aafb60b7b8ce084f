package org.chatvla4j.world;

import java.util.Objects;

/** One of the 16 color × shape blocks; its name is Language-Table's block id, e.g. {@code red_moon}. */
public record BlockId(BlockColor color, BlockShape shape) implements Comparable<BlockId> {

  public BlockId {
    Objects.requireNonNull(color, "color");
    Objects.requireNonNull(shape, "shape");
  }

  /** Parses {@code "red_moon"}; the error lists the valid colors and shapes. */
  public static BlockId parse(String name) {
    String[] parts = name.trim().toLowerCase(java.util.Locale.ROOT).split("_");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "block name '" + name + "' is not <color>_<shape>, e.g. red_moon");
    }
    try {
      return new BlockId(
          BlockColor.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)),
          BlockShape.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "block name '" + name + "': colors are red, blue, green, yellow; shapes are moon, cube, star, pentagon");
    }
  }

  /** Language-Table's id, {@code red_moon}. */
  public String name() {
    return color.word() + "_" + shape.word();
  }

  /** The words of instructions, {@code red moon}. */
  public String words() {
    return color.word() + " " + shape.word();
  }

  @Override
  public int compareTo(BlockId o) {
    int c = color.compareTo(o.color);
    return c != 0 ? c : shape.compareTo(o.shape);
  }

  @Override
  public String toString() {
    return name();
  }
}
