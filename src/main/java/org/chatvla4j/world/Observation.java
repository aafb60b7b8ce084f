package org.chatvla4j.world;

import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Optional;

/**
 * What a policy sees at one control step: the scene (block poses, measured effector position and commanded target),
 * the instruction, the task family and the step index. The RGB frame is rendered on request by the env's {@link
 * FrameRenderer}, if it has one, so policies that do not look at pixels cost no rendering.
 */
public record Observation(SceneState scene, String instruction, TaskFamily family, int step, FrameRenderer renderer) {
  public Observation {
    Objects.requireNonNull(scene, "scene");
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(family, "family");
  }

  /** Renders the frame now (each call renders again); empty when the env has no renderer. */
  public Optional<BufferedImage> rgb() {
    return renderer == null ? Optional.empty() : Optional.of(renderer.render(scene));
  }
}
