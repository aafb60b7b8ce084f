package org.chatvla4j.world;

/** The four Language-Table block shapes; outlines come from {@link BlockOutlines}. */
public enum BlockShape {
  MOON,
  CUBE,
  STAR,
  PENTAGON;

  /** The word used in instructions and questions ("moon"). */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
