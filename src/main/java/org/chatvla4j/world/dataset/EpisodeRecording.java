package org.chatvla4j.world.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.chatvla4j.data.Episode;
import org.chatvla4j.data.EpisodeBuilder;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.world.EpisodeListener;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.Workspace;
import org.chatvla4j.world.render.RgbFrame;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * Records one rollout as a DexVLA/ACT episode while it runs (an {@link EpisodeListener}):
 *
 * <pre>
 * /action                     (T, 2)  Δxy the labelled action moves the commanded target (after the env's clipping)
 * /observations/qpos          (T, 4)  effector x, y (measured) and commanded target x, y before the action
 * /observations/qvel          (T, 4)  (qpos[t] − qpos[t−1]) · 10 Hz; row 0 is zero
 * /observations/images/top    (T, H, W, 3) uint8, the Language-Table camera before the action
 * /language_raw, /substep_reasonings   the instruction and the oracle's sentence for each step
 * </pre>
 *
 * The camera is named {@value #CAMERA}: ACT's simulated tasks and DexVLA's sim configs call their single overhead
 * camera that, so {@code camera_names=['top']} works unchanged. The recorded action is the effective move of the
 * step's label ({@link ActionLabels}) from the recorded state, not the policy's raw output. Labelled with the executed
 * actions (the default), {@code qpos[t+1][2:4] = qpos[t][2:4] + action[t]} holds up to float rounding even when the
 * env clipped an action at the workspace edge. Labelled with a DART supervisor's clean actions ({@link DartPolicy}),
 * qpos and frames follow the noisy path that was executed while the actions say what the supervisor would have done
 * there, so that identity holds only where the noise happened to be zero. The recording also keeps every scene (T
 * before-action scenes and the final one) so questions can be asked about them.
 */
public final class EpisodeRecording implements EpisodeListener {
  /** The camera's dataset name under {@code /observations/images}. */
  public static final String CAMERA = "top";

  /** Which action a recorded step is labelled with, as the policy gave it (before the env's clipping). */
  @FunctionalInterface
  public interface ActionLabels {
    /** The action the rollout executed: the recording shows the path the policy took. */
    ActionLabels EXECUTED = EpisodeListener.Step::action;

    double[] of(EpisodeListener.Step step);
  }

  private final SceneRenderer renderer;
  private final ActionLabels labels;
  private final Map<String, String> attributes;
  private EpisodeBuilder builder;
  private final List<SceneState> scenes = new ArrayList<>();
  private final List<RgbImage> frames = new ArrayList<>();
  private RgbImage finalFrame;
  private float[] previousQpos;
  private boolean success;
  private boolean ended;

  /** A recording labelled with the executed actions. */
  public EpisodeRecording(SceneRenderer renderer, Map<String, String> attributes) {
    this(renderer, attributes, ActionLabels.EXECUTED);
  }

  /**
   * @param attributes free-form string attributes for the file's root (family, seed, ...)
   * @param labels the action each step is labelled with
   */
  public EpisodeRecording(SceneRenderer renderer, Map<String, String> attributes, ActionLabels labels) {
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.attributes = Map.copyOf(attributes);
    this.labels = Objects.requireNonNull(labels, "labels");
  }

  @Override
  public void episodeStarted(Episode episode, Observation first) {
    builder = new EpisodeBuilder(episode.instruction()).simulated(true);
    attributes.forEach(builder::attribute);
  }

  @Override
  public void stepped(Step step) {
    SceneState before = step.scene();
    float[] qpos = {
      (float) before.effectorX(), (float) before.effectorY(), (float) before.targetX(), (float) before.targetY()
    };
    float[] qvel = new float[4];
    if (previousQpos != null) {
      for (int i = 0; i < 4; i++) {
        qvel[i] = (float) ((qpos[i] - previousQpos[i]) * Workspace.CONTROL_HZ);
      }
    }
    previousQpos = qpos;
    // The env moved the target from before's by this same rule, so for executed labels this is after − before exactly.
    double[] target = Workspace.commandedTarget(before.targetX(), before.targetY(), labels.of(step));
    float[] action = {(float) (target[0] - before.targetX()), (float) (target[1] - before.targetY())};
    RgbImage frame = render(before);
    scenes.add(before);
    frames.add(frame);
    builder.add(new EpisodeBuilder.Step(action, qpos, qvel, Map.of(CAMERA, frame), step.reasoning()));
  }

  @Override
  public void episodeEnded(Episode episode, Observation last, boolean success, int steps) {
    scenes.add(last.scene());
    // Rendered now, on the thread that runs the episode and owns the renderer: the generator asks for frames from its
    // main thread while this renderer already draws the worker's next attempt, and a renderer is not thread-safe.
    finalFrame = render(last.scene());
    this.success = success;
    this.ended = true;
  }

  /** Whether the task was solved. */
  public boolean success() {
    requireEnded();
    return success;
  }

  /** Control steps recorded (T). */
  public int steps() {
    return frames.size();
  }

  /** The recorded episode; needs at least one step. */
  public org.chatvla4j.data.Episode episode() {
    requireEnded();
    return builder.build();
  }

  /** Scene {@code i}: the scene before step i for i < T, the final scene for i = T. */
  public SceneState scene(int i) {
    requireEnded();
    return scenes.get(i);
  }

  /** The camera frame of scene {@code i}; the final scene's frame (i = T) is kept here only, it is not in the file. */
  public RgbImage frame(int i) {
    requireEnded();
    if (i < 0 || i > frames.size()) {
      throw new IndexOutOfBoundsException("scene " + i + " of an episode with " + frames.size() + " steps");
    }
    return i < frames.size() ? frames.get(i) : finalFrame;
  }

  private RgbImage render(SceneState scene) {
    RgbFrame f = renderer.render(scene);
    return new RgbImage(f.height(), f.width(), f.toHwcBytes());
  }

  private void requireEnded() {
    if (!ended) {
      throw new IllegalStateException("the episode has not ended yet");
    }
  }
}
