package org.chatvla4j.data;

import org.chatvla4j.image.RgbImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects an episode step by step, as a recorder sees it, and checks each step as it comes so a bad step is reported
 * at the step that made it rather than at the end.
 */
public final class EpisodeBuilder {
  private final String instruction;
  private final List<float[]> actions = new ArrayList<>();
  private final List<float[]> qpos = new ArrayList<>();
  private final List<float[]> qvel = new ArrayList<>();
  private final LinkedHashMap<String, List<RgbImage>> cameras = new LinkedHashMap<>();
  private final List<String> reasonings = new ArrayList<>();
  private final Map<String, String> attributes = new TreeMap<>();
  private boolean simulated;

  /** One step: what the robot saw and did, and what it says it is doing. */
  public record Step(float[] action, float[] qpos, float[] qvel, Map<String, RgbImage> frames, String substepReasoning) {}

  public EpisodeBuilder(String instruction) {
    if (instruction == null) {
      throw new IllegalArgumentException("instruction must not be null");
    }
    this.instruction = instruction;
  }

  /** Marks the episode as coming from a simulator (the {@code sim} attribute). */
  public EpisodeBuilder simulated(boolean value) {
    this.simulated = value;
    return this;
  }

  /** A free-form string attribute stored on the file's root, e.g. the task family or the seed. */
  public EpisodeBuilder attribute(String name, String value) {
    attributes.put(name, value);
    return this;
  }

  /**
   * Appends a step. Every step must name the same cameras; a step's reasoning may be null only if every step's is
   * (the episode then has none).
   */
  public EpisodeBuilder add(Step step) {
    int t = actions.size();
    if (t > 0) {
      requireSameWidth("action", step.action(), actions.getFirst());
      requireSameWidth("qpos", step.qpos(), qpos.getFirst());
      requireSameWidth("qvel", step.qvel(), qvel.getFirst());
      if (!step.frames().keySet().equals(cameras.keySet())) {
        throw new IllegalArgumentException(
            "step " + t + " has cameras " + step.frames().keySet() + " but step 0 had " + cameras.keySet());
      }
      if ((step.substepReasoning() == null) != reasonings.isEmpty()) {
        throw new IllegalArgumentException(
            "step " + t + (step.substepReasoning() == null ? " has no" : " has a") + " substep reasoning but step 0 "
                + (reasonings.isEmpty() ? "had none" : "had one") + "; give one for every step or for none");
      }
    } else if (step.frames().isEmpty()) {
      throw new IllegalArgumentException("step 0 has no camera frames; an episode needs at least one camera");
    }
    actions.add(step.action().clone());
    qpos.add(step.qpos().clone());
    qvel.add(step.qvel().clone());
    for (Map.Entry<String, RgbImage> frame : step.frames().entrySet()) {
      cameras.computeIfAbsent(frame.getKey(), k -> new ArrayList<>()).add(frame.getValue());
    }
    if (step.substepReasoning() != null) {
      reasonings.add(step.substepReasoning());
    }
    return this;
  }

  /** Steps so far. */
  public int length() {
    return actions.size();
  }

  public Episode build() {
    if (actions.isEmpty()) {
      throw new IllegalStateException("the episode '" + instruction + "' has no steps; add at least one before build()");
    }
    return new Episode(
        instruction,
        actions.toArray(float[][]::new),
        qpos.toArray(float[][]::new),
        qvel.toArray(float[][]::new),
        cameras,
        reasonings,
        simulated,
        attributes);
  }

  private void requireSameWidth(String name, float[] row, float[] first) {
    if (row == null || row.length != first.length) {
      throw new IllegalArgumentException(
          "step " + actions.size() + " " + name + " has " + (row == null ? "no" : row.length) + " values but step 0 had "
              + first.length);
    }
  }
}
