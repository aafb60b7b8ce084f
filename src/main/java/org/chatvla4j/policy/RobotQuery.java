package org.chatvla4j.policy;

import java.util.List;
import org.chatvla4j.image.RgbImage;

/**
 * One request to a robot policy in the robot's own units: camera images (in the order the model was trained with),
 * the raw, un-normalised state, and the instruction.
 */
public record RobotQuery(List<RgbImage> cameras, float[] state, String prompt) {
  public RobotQuery {
    cameras = List.copyOf(cameras);
    state = state.clone();
    if (prompt == null || prompt.isBlank()) {
      throw new IllegalArgumentException("the prompt (instruction) is empty");
    }
  }

  @Override
  public float[] state() {
    return state.clone();
  }
}
