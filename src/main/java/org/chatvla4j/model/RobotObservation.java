package org.chatvla4j.model;

import java.util.List;
import org.chatvla4j.image.RgbImage;

/**
 * What the robot sees and feels at one step: one image per camera (in the order the model was trained with) and the
 * robot state, already normalised with the dataset statistics (the policy layer does that).
 */
public record RobotObservation(List<RgbImage> cameras, float[] state) {
  public RobotObservation {
    cameras = List.copyOf(cameras);
    if (cameras.isEmpty()) {
      throw new IllegalArgumentException("a robot observation needs at least one camera image");
    }
    state = state.clone();
  }

  @Override
  public float[] state() {
    return state.clone();
  }
}
