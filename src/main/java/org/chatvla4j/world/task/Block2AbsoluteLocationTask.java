package org.chatvla4j.world.task;

import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;

/**
 * "push the red moon to the top left corner": success when the block is within {@link AbsoluteLocation#radius()}
 * (0.115 m; 0.10 m for the centre) of the anchor.
 */
public record Block2AbsoluteLocationTask(
    String instruction, BlockId block, String blockText, AbsoluteLocation location, String locationText)
    implements Task {

  @Override
  public TaskFamily family() {
    return TaskFamily.BLOCK2ABSOLUTELOCATION;
  }

  @Override
  public String goalPhrase() {
    // "towards your base" already carries its preposition.
    return locationText.startsWith("towards ") ? locationText : "towards the " + locationText;
  }

  @Override
  public double[] target(SceneState scene) {
    return new double[] {location.x(), location.y()};
  }

  @Override
  public boolean succeeded(SceneState scene) {
    return scene.require(block).distanceTo(location.x(), location.y()) < location.radius();
  }
}
