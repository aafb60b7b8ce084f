package org.chatvla4j.serve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.policy.RobotQuery;
import org.chatvla4j.serve.client.NdArray;

/**
 * Reads an openpi observation map into a {@link RobotQuery}, naming the key and the fix for anything wrong. The keys
 * (also listed in the metadata frame):
 *
 * <ul>
 *   <li>each configured image key (default {@code observation/image}): uint8 {@code [H, W, 3]} (HWC, as openpi's LIBERO
 *       and DROID clients send) or {@code [3, H, W]} (CHW, as its ALOHA client sends); any size from 28 to 4096 pixels a
 *       side, resized by the model's image processor;
 *   <li>{@code observation/state} (or {@code state}): a numeric vector of {@code state_dim} values in robot units
 *       (un-normalised; the server applies the checkpoint's statistics);
 *   <li>{@code prompt}: the instruction, a string.
 * </ul>
 *
 * Other keys are ignored, as openpi's transforms ignore keys they do not use.
 */
public final class ObservationDecoder {
  public static final String IMAGE = "observation/image";
  public static final String STATE = "observation/state";
  public static final String STATE_ALIAS = "state";
  public static final String PROMPT = "prompt";
  public static final int MIN_SIDE = 28;
  public static final int MAX_SIDE = 4096;

  private final List<String> imageKeys;
  private final int stateDim;

  public ObservationDecoder(List<String> imageKeys, int stateDim) {
    this.imageKeys = List.copyOf(imageKeys);
    this.stateDim = stateDim;
  }

  /** The key documentation sent in the metadata frame. */
  public Map<String, Object> describeKeys() {
    Map<String, Object> keys = new LinkedHashMap<>();
    for (String k : imageKeys) {
      keys.put(k, "uint8 [H, W, 3] (or [3, H, W]) RGB camera image, " + MIN_SIDE + ".." + MAX_SIDE + " px a side");
    }
    keys.put(STATE, "float [" + stateDim + "] robot state in robot units (alias: '" + STATE_ALIAS + "')");
    keys.put(PROMPT, "str: the instruction");
    return keys;
  }

  public RobotQuery decode(Map<String, Object> obs) {
    List<RgbImage> cameras = new ArrayList<>();
    for (String k : imageKeys) {
      cameras.add(image(k, obs.get(k), obs.keySet()));
    }
    Object s = obs.containsKey(STATE) ? obs.get(STATE) : obs.get(STATE_ALIAS);
    float[] state;
    if (s == null) {
      throw new IllegalArgumentException("missing '" + STATE + "': send the robot state as a float array of " + stateDim
          + " values (got keys " + obs.keySet() + ")");
    } else if (s instanceof NdArray a) {
      if (a.rank() != 1 && !(a.rank() == 2 && a.shape()[0] == 1)) {
        throw new IllegalArgumentException("'" + STATE + "' must be 1-D [" + stateDim + "], got shape " + Arrays.toString(a.shape()));
      }
      state = a.toFloats();
    } else if (s instanceof List<?> l) {
      state = new float[l.size()];
      for (int i = 0; i < state.length; i++) {
        if (!(l.get(i) instanceof Number n)) {
          throw new IllegalArgumentException("'" + STATE + "' element " + i + " is not a number");
        }
        state[i] = n.floatValue();
      }
    } else {
      throw new IllegalArgumentException("'" + STATE + "' must be a numpy array or a list of numbers, got " + s.getClass().getSimpleName());
    }
    if (state.length != stateDim) {
      throw new IllegalArgumentException("'" + STATE + "' has " + state.length + " values but the model expects state_dim = " + stateDim);
    }
    for (int i = 0; i < state.length; i++) {
      if (!Float.isFinite(state[i])) {
        throw new IllegalArgumentException("'" + STATE + "' element " + i + " is " + state[i] + "; states must be finite");
      }
    }
    if (!(obs.get(PROMPT) instanceof String prompt) || prompt.isBlank()) {
      throw new IllegalArgumentException("missing '" + PROMPT + "': send the instruction as a non-empty string");
    }
    return new RobotQuery(cameras, imageKeys, state, prompt);
  }

  private static RgbImage image(String key, Object v, Iterable<String> present) {
    if (v == null) {
      throw new IllegalArgumentException("missing '" + key + "': send the camera image as a uint8 array [H, W, 3] (got keys " + present + ")");
    }
    if (!(v instanceof NdArray a)) {
      throw new IllegalArgumentException("'" + key + "' must be a numpy array, got " + v.getClass().getSimpleName());
    }
    if (!a.dtype().endsWith("u1")) {
      throw new IllegalArgumentException("'" + key + "' has dtype " + a.dtype()
          + " but images must be uint8 ('|u1'); convert with openpi_client.image_tools.convert_to_uint8");
    }
    int[] sh = a.shape();
    boolean hwc = sh.length == 3 && sh[2] == 3;
    boolean chw = sh.length == 3 && sh[0] == 3 && !hwc;
    if (!hwc && !chw) {
      throw new IllegalArgumentException("'" + key + "' has shape " + Arrays.toString(sh) + "; expected [H, W, 3] or [3, H, W]");
    }
    int h = hwc ? sh[0] : sh[1];
    int w = hwc ? sh[1] : sh[2];
    if (Math.min(h, w) < MIN_SIDE || Math.max(h, w) > MAX_SIDE) {
      throw new IllegalArgumentException("'" + key + "' is " + h + "x" + w + "; each side must be " + MIN_SIDE + ".." + MAX_SIDE + " px");
    }
    byte[] src = a.data();
    if (hwc) {
      return new RgbImage(h, w, src);
    }
    byte[] rgb = new byte[h * w * 3];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < h * w; i++) {
        rgb[i * 3 + c] = src[c * h * w + i];
      }
    }
    return new RgbImage(h, w, rgb);
  }
}
