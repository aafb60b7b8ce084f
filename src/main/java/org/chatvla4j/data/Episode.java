package org.chatvla4j.data;

import org.chatvla4j.image.RgbImage;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One robot episode in memory, as the DexVLA/ACT layout stores it: per timestep an action, the robot state (qpos, qvel),
 * a frame from every camera and optionally a sub-step reasoning sentence; per episode the instruction.
 *
 * @param instruction the task in words ({@code /language_raw})
 * @param actions {@code (T, action_dim)}: the action taken at each step
 * @param qpos {@code (T, state_dim)}: robot state at each step
 * @param qvel {@code (T, d)}: state velocity at each step (DexVLA's statistics read it even when training ignores it)
 * @param cameras camera name to its T frames; kept sorted by name, the order HDF5 lists a group's datasets in
 * @param substepReasonings T sentences, or empty when the episode has none
 * @param simulated whether the episode comes from a simulator ({@code sim} attribute)
 * @param attributes free-form string attributes stored on the file's root (e.g. task family, seed)
 */
public record Episode(
    String instruction,
    float[][] actions,
    float[][] qpos,
    float[][] qvel,
    Map<String, List<RgbImage>> cameras,
    List<String> substepReasonings,
    boolean simulated,
    Map<String, String> attributes) {

  public Episode {
    if (instruction == null) {
      throw new IllegalArgumentException("instruction must not be null");
    }
    int t = requireMatrix("actions", actions, -1);
    requireMatrix("qpos", qpos, t);
    requireMatrix("qvel", qvel, t);
    if (cameras == null || cameras.isEmpty()) {
      throw new IllegalArgumentException("an episode needs at least one camera (DexVLA/ACT train on images), got none");
    }
    TreeMap<String, List<RgbImage>> cams = new TreeMap<>();
    for (Map.Entry<String, List<RgbImage>> cam : cameras.entrySet()) {
      String name = EpisodeLayout.requireLinkName("camera", cam.getKey());
      List<RgbImage> frames = List.copyOf(cam.getValue());
      if (frames.size() != t) {
        throw new IllegalArgumentException(
            "camera '" + name + "' has " + frames.size() + " frames but actions has " + t + " rows; every camera needs"
                + " one frame per step");
      }
      RgbImage first = frames.getFirst();
      for (int i = 1; i < t; i++) {
        RgbImage f = frames.get(i);
        if (f.height() != first.height() || f.width() != first.width()) {
          throw new IllegalArgumentException(
              "camera '" + name + "' frame " + i + " is " + f.height() + "x" + f.width() + " but frame 0 is "
                  + first.height() + "x" + first.width() + "; a camera's frames must share one size");
        }
      }
      cams.put(name, frames);
    }
    cameras = Collections.unmodifiableSortedMap(cams);
    substepReasonings = List.copyOf(substepReasonings);
    if (!substepReasonings.isEmpty() && substepReasonings.size() != t) {
      throw new IllegalArgumentException(
          "substepReasonings has " + substepReasonings.size() + " entries but actions has " + t
              + " rows; give one sentence per step, or none");
    }
    TreeMap<String, String> attrs = new TreeMap<>();
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      String key = EpisodeLayout.requireLinkName("attribute", a.getKey());
      if (EpisodeLayout.RESERVED_ATTRIBUTES.contains(key)) {
        throw new IllegalArgumentException(
            "attribute '" + key + "' is reserved by the layout (" + EpisodeLayout.RESERVED_ATTRIBUTES
                + "); pick another name");
      }
      if (a.getValue() == null) {
        throw new IllegalArgumentException("attribute '" + key + "' has a null value");
      }
      attrs.put(key, a.getValue());
    }
    attributes = Collections.unmodifiableMap(attrs);
  }

  /** Number of steps T. */
  public int length() {
    return actions.length;
  }

  public int actionDim() {
    return actions[0].length;
  }

  public int stateDim() {
    return qpos[0].length;
  }

  /** Checks a (rows, cols) float matrix: rectangular, finite, and {@code rows == expectedRows} unless that is -1. */
  private static int requireMatrix(String name, float[][] m, int expectedRows) {
    if (m == null || m.length == 0) {
      throw new IllegalArgumentException(name + " must have at least one row (one per step), got " + (m == null ? "null" : 0));
    }
    if (expectedRows >= 0 && m.length != expectedRows) {
      throw new IllegalArgumentException(
          name + " has " + m.length + " rows but actions has " + expectedRows + "; every per-step array needs one row per step");
    }
    int cols = m[0] == null ? 0 : m[0].length;
    if (cols == 0) {
      throw new IllegalArgumentException(name + "[0] must have at least one column");
    }
    for (int r = 0; r < m.length; r++) {
      if (m[r] == null || m[r].length != cols) {
        throw new IllegalArgumentException(
            name + "[" + r + "] has " + (m[r] == null ? "no" : m[r].length) + " columns but " + name + "[0] has " + cols);
      }
      for (int c = 0; c < cols; c++) {
        if (!Float.isFinite(m[r][c])) {
          throw new IllegalArgumentException(name + "[" + r + "][" + c + "] is " + m[r][c] + "; values must be finite");
        }
      }
    }
    return m.length;
  }

  /** Equal when every array holds the same bits (so 0.0 and -0.0 differ), as a file round trip must preserve. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Episode e
        && instruction.equals(e.instruction)
        && Arrays.deepEquals(actions, e.actions)
        && Arrays.deepEquals(qpos, e.qpos)
        && Arrays.deepEquals(qvel, e.qvel)
        && cameras.equals(e.cameras)
        && substepReasonings.equals(e.substepReasonings)
        && simulated == e.simulated
        && attributes.equals(e.attributes);
  }

  @Override
  public int hashCode() {
    return instruction.hashCode() * 31 + Arrays.deepHashCode(actions);
  }

  @Override
  public String toString() {
    return "Episode[T=" + length() + ", action_dim=" + actionDim() + ", state_dim=" + stateDim() + ", cameras="
        + cameras.keySet() + ", instruction='" + instruction + "']";
  }
}
