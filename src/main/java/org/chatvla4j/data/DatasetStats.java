package org.chatvla4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.chatvla4j.image.ImageSize;

/**
 * Normalisation statistics of a robot dataset (chatvla-paper.md §3.5, §10.6): the state is z-scored with its standard
 * deviation clipped at ≥ 1e-2; actions are min–max scaled to [−1, 1] with 1e-4 margins — in training and in
 * inference alike (the reference's z-score/min–max mismatch is not copied). Saved as {@code dataset_stats.json} in
 * every checkpoint so {@code act}'s output can be mapped back to robot units.
 *
 * <p>It also records each camera's frame size, when every episode shares it: the ViT takes any size, so nothing in the
 * weights says which one the model learned on, and frames of another size (a 180×320 render for a model trained on
 * 90×160) make it answer nonsense without any error. {@code eval} and the playground read it from here.
 *
 * <p>For episodes generated in the tabletop world it records the block set too: the playground must set its scenes
 * with the blocks the model learned to name (a BLOCK_8 model shown BLOCK_4 scenes never sees half its vocabulary).
 * It is a name here, not the world's enum: this package reads files, whoever wrote them.
 *
 * @param cameraSizes camera name → frame size, sorted by name; empty for statistics written before it was recorded
 * @param blockSet the tabletop block set the episodes were generated with (e.g. {@code BLOCK_8}); empty for episodes
 *     from elsewhere and for statistics written before it was recorded
 */
public record DatasetStats(float[] stateMean, float[] stateStd, float[] actionMin, float[] actionMax,
    Map<String, ImageSize> cameraSizes, Optional<String> blockSet) {
  /** Lower bound on the state's standard deviation (a constant state dimension would otherwise divide by ~0). */
  public static final float MIN_STD = 1e-2f;

  /** Margin added around the observed action range so that the extremes map strictly inside [−1, 1]. */
  public static final float ACTION_MARGIN = 1e-4f;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public DatasetStats {
    if (stateMean.length != stateStd.length) {
      throw new IllegalArgumentException("state mean has " + stateMean.length + " values, std " + stateStd.length);
    }
    if (actionMin.length != actionMax.length) {
      throw new IllegalArgumentException("action min has " + actionMin.length + " values, max " + actionMax.length);
    }
    for (int i = 0; i < actionMin.length; i++) {
      if (!(actionMax[i] > actionMin[i])) {
        throw new IllegalArgumentException("action dimension " + i + ": max " + actionMax[i] + " must exceed min " + actionMin[i]);
      }
    }
    for (float s : stateStd) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("state std values must be > 0, got " + s);
      }
    }
    stateMean = stateMean.clone();
    stateStd = stateStd.clone();
    actionMin = actionMin.clone();
    actionMax = actionMax.clone();
    cameraSizes = Collections.unmodifiableSortedMap(new TreeMap<>(cameraSizes));
    if (blockSet.isPresent() && blockSet.get().isBlank()) {
      throw new IllegalArgumentException("block_set must name a block set such as BLOCK_8, got an empty name");
    }
  }

  /** Statistics that say nothing about the cameras. */
  public DatasetStats(float[] stateMean, float[] stateStd, float[] actionMin, float[] actionMax) {
    this(stateMean, stateStd, actionMin, actionMax, Map.of(), Optional.empty());
  }

  /** The same statistics, recording {@code sizes} as the cameras' frame sizes. */
  public DatasetStats withCameraSizes(Map<String, ImageSize> sizes) {
    return new DatasetStats(stateMean, stateStd, actionMin, actionMax, sizes, blockSet);
  }

  /** The same statistics, recording {@code set} as the episodes' block set (empty: none known). */
  public DatasetStats withBlockSet(Optional<String> set) {
    return new DatasetStats(stateMean, stateStd, actionMin, actionMax, cameraSizes, set);
  }

  /** The frame size of the first camera (by name), the one the tabletop renders; empty when none was recorded. */
  public Optional<ImageSize> firstCameraSize() {
    Iterator<ImageSize> it = cameraSizes.values().iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }

  /**
   * Statistics from raw rows: states [N][Ds] and actions [M][Da] (all frames of all episodes). The std is the population
   * std, clipped at {@link #MIN_STD}; the action range is widened by {@link #ACTION_MARGIN} on both sides.
   */
  public static DatasetStats compute(float[][] states, float[][] actions) {
    if (states.length == 0 || actions.length == 0) {
      throw new IllegalArgumentException("statistics need at least one state and one action row");
    }
    int ds = states[0].length;
    int da = actions[0].length;
    double[] sum = new double[ds];
    double[] sq = new double[ds];
    for (float[] s : states) {
      for (int j = 0; j < ds; j++) {
        sum[j] += s[j];
        sq[j] += (double) s[j] * s[j];
      }
    }
    float[] mean = new float[ds];
    float[] std = new float[ds];
    for (int j = 0; j < ds; j++) {
      double m = sum[j] / states.length;
      mean[j] = (float) m;
      std[j] = (float) Math.max(MIN_STD, Math.sqrt(Math.max(0, sq[j] / states.length - m * m)));
    }
    float[] min = new float[da];
    float[] max = new float[da];
    java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
    for (float[] a : actions) {
      for (int j = 0; j < da; j++) {
        min[j] = Math.min(min[j], a[j]);
        max[j] = Math.max(max[j], a[j]);
      }
    }
    for (int j = 0; j < da; j++) {
      min[j] -= ACTION_MARGIN;
      max[j] += ACTION_MARGIN;
    }
    return new DatasetStats(mean, std, min, max);
  }

  public float[] normalizeState(float[] state) {
    check("state", state.length, stateMean.length);
    float[] out = new float[state.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = (state[j] - stateMean[j]) / stateStd[j];
    }
    return out;
  }

  /** Raw action → [−1, 1]: 2·(a − min)/(max − min) − 1. */
  public float[] normalizeAction(float[] action) {
    check("action", action.length, actionMin.length);
    float[] out = new float[action.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = 2 * (action[j] - actionMin[j]) / (actionMax[j] - actionMin[j]) - 1;
    }
    return out;
  }

  /** [−1, 1] → raw action units: the inverse of {@link #normalizeAction}. */
  public float[] unnormalizeAction(float[] normalized) {
    check("action", normalized.length, actionMin.length);
    float[] out = new float[normalized.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = (normalized[j] + 1) / 2 * (actionMax[j] - actionMin[j]) + actionMin[j];
    }
    return out;
  }

  private static void check(String what, int got, int expected) {
    if (got != expected) {
      throw new IllegalArgumentException(what + " has " + got + " values but the dataset statistics have " + expected);
    }
  }

  public void write(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    put(root.putObject("state"), "mean", stateMean);
    put(root.with("state"), "std", stateStd);
    put(root.putObject("action"), "min", actionMin);
    put(root.with("action"), "max", actionMax);
    root.put("state_normalization", "mean_std");
    root.put("action_normalization", "min_max");
    if (!cameraSizes.isEmpty()) {
      ObjectNode cams = root.putObject("camera_frames");
      cameraSizes.forEach((name, size) -> cams.putObject(name).put("height", size.height()).put("width", size.width()));
    }
    blockSet.ifPresent(set -> root.put("block_set", set));
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".dataset_stats", ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static DatasetStats read(Path file) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not valid JSON (" + e.getMessage() + ")", e);
    }
    try {
      return new DatasetStats(floats(root, "state", "mean"), floats(root, "state", "std"), floats(root, "action", "min"),
          floats(root, "action", "max"), cameraSizes(root), blockSet(root));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static void put(ObjectNode node, String key, float[] values) {
    ArrayNode a = node.putArray(key);
    for (float v : values) {
      a.add(v);
    }
  }

  /** {@code camera_frames}: {"top": {"height": 90, "width": 160}}; absent in files written before it was recorded. */
  private static Map<String, ImageSize> cameraSizes(JsonNode root) {
    JsonNode cams = root.path("camera_frames");
    if (cams.isMissingNode()) {
      return Map.of();
    }
    if (!cams.isObject()) {
      throw new IllegalArgumentException("'camera_frames' must map camera names to {height, width}");
    }
    Map<String, ImageSize> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> cam : cams.properties()) {
      JsonNode h = cam.getValue().path("height");
      JsonNode w = cam.getValue().path("width");
      if (!h.isInt() || !w.isInt()) {
        throw new IllegalArgumentException("'camera_frames." + cam.getKey() + "' needs integer height and width");
      }
      out.put(cam.getKey(), new ImageSize(h.asInt(), w.asInt()));
    }
    return out;
  }

  /** {@code block_set}: "BLOCK_8"; absent for other datasets and in files written before it was recorded. */
  private static Optional<String> blockSet(JsonNode root) {
    JsonNode set = root.path("block_set");
    if (set.isMissingNode()) {
      return Optional.empty();
    }
    if (!set.isTextual()) {
      throw new IllegalArgumentException("'block_set' must be a block set name such as \"BLOCK_8\", got " + set);
    }
    return Optional.of(set.asText());
  }

  private static float[] floats(JsonNode root, String group, String key) {
    JsonNode a = root.path(group).path(key);
    if (!a.isArray()) {
      throw new IllegalArgumentException("missing array '" + group + "." + key + "'");
    }
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }
}
