package org.chatvla4j.data;

import java.util.Set;

/**
 * The names of the DexVLA/ACT episode layout (one HDF5 file per episode), shared by the writer and the reader.
 *
 * <pre>
 * /action                          (T, action_dim) float32
 * /observations/qpos               (T, state_dim)  float32
 * /observations/qvel               (T, state_dim)  float32
 * /observations/images/&lt;camera&gt;   (T, H, W, 3) uint8 raw RGB, or (T, L) uint8 encoded PNG/JPEG rows
 * /language_raw                    (1,) string: the instruction
 * /substep_reasonings              (T,) strings: what the robot is doing at each step (fallback /reasoning (1,))
 * attributes on /: sim (bool), compress (bool), plus free-form string attributes
 * </pre>
 */
public final class EpisodeLayout {
  private EpisodeLayout() {}

  public static final String ACTION = "/action";
  public static final String OBSERVATIONS = "/observations";
  public static final String QPOS = "/observations/qpos";
  public static final String QVEL = "/observations/qvel";
  public static final String IMAGES = "/observations/images";
  public static final String LANGUAGE_RAW = "/language_raw";
  public static final String SUBSTEP_REASONINGS = "/substep_reasonings";
  /** Older DexVLA files hold one reasoning for the whole episode here instead of {@link #SUBSTEP_REASONINGS}. */
  public static final String REASONING = "/reasoning";

  /** Root attribute: true for simulated episodes; DexVLA aligns actions differently for real ones. */
  public static final String SIM_ATTRIBUTE = "sim";
  /** Root attribute: true when camera datasets hold encoded frames (ACT's {@code record_episodes --compress}). */
  public static final String COMPRESS_ATTRIBUTE = "compress";
  /** jhdf stamps every file it writes with this root attribute. */
  public static final String JHDF_ATTRIBUTE = "_jHDF";

  /** Root attribute names with a meaning of their own, so free-form attributes may not use them. */
  public static final Set<String> RESERVED_ATTRIBUTES = Set.of(SIM_ATTRIBUTE, COMPRESS_ATTRIBUTE, JHDF_ATTRIBUTE);

  /** The deflate level of image chunks: level 4 was as small as 9 on rendered frames and much faster. */
  public static final int IMAGE_DEFLATE_LEVEL = 4;

  /** Path of camera {@code name}'s dataset. */
  public static String camera(String name) {
    return IMAGES + "/" + name;
  }

  /** Checks that a camera or attribute name is a usable single HDF5 link name. */
  static String requireLinkName(String what, String name) {
    if (name == null || name.isEmpty() || name.equals(".") || name.contains("/") || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          what + " name must be non-empty without '/' or NUL (it becomes an HDF5 link name), got '" + name + "'");
    }
    return name;
  }
}
