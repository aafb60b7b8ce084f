package org.chatvla4j.policy;

import org.chatvla4j.world.SceneState;

/**
 * The tabletop robot's state vector as the models see it: {@code [effector x, effector y, target x, target y]} in
 * metres (the measured effector position and the commanded target the Δxy actions move). Four values, the tiny
 * preset's {@code state_dim}.
 */
public final class TabletopState {
  /** Values per state vector. */
  public static final int DIM = 4;

  private TabletopState() {}

  public static float[] of(SceneState scene) {
    return new float[] {(float) scene.effectorX(), (float) scene.effectorY(), (float) scene.targetX(), (float) scene.targetY()};
  }
}
