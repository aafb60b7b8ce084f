package org.chatvla4j.policy;

import java.util.List;
import java.util.stream.IntStream;
import org.chatvla4j.image.RgbImage;

/**
 * One request to a robot policy in the robot's own units: camera images (in the order the model was trained with) with
 * their names, the raw, un-normalised state, and the instruction. The names matter for the wrist rule: with more than
 * one camera, a camera whose name contains {@code wrist} is shown to the model at 56×56, as in training
 * ({@link org.chatvla4j.image.ImageSizing}).
 */
public record RobotQuery(List<RgbImage> cameras, List<String> cameraNames, float[] state, String prompt) {
  public RobotQuery {
    cameras = List.copyOf(cameras);
    cameraNames = List.copyOf(cameraNames);
    if (cameraNames.size() != cameras.size()) {
      throw new IllegalArgumentException(cameras.size() + " camera images but " + cameraNames.size() + " camera names " + cameraNames);
    }
    state = state.clone();
    if (prompt == null || prompt.isBlank()) {
      throw new IllegalArgumentException("the prompt (instruction) is empty");
    }
  }

  /** Cameras named {@code camera0}, {@code camera1}, …: none is a wrist camera. */
  public RobotQuery(List<RgbImage> cameras, float[] state, String prompt) {
    this(cameras, IntStream.range(0, cameras.size()).mapToObj(i -> "camera" + i).toList(), state, prompt);
  }

  @Override
  public float[] state() {
    return state.clone();
  }
}
