package org.chatvla4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** Training inputs whose action or state width disagrees with policy_head_config are refused naming both numbers. */
class ModelBadInputTest {
  private static TrainingBatch robotBatch(ChatVla vla, int actionDim, int stateDim) {
    ProcessedImages img = vla.imageProcessor().preprocess(List.of(ChatVlaTest.image(56, 56, 3)));
    TrainingSample robot = new TrainingSample(
        vla.prompts().robotSample(ChatVla.grids(img), "push the red moon", "Move behind the red moon."), img, Task.CONTROL,
        Optional.of(new TrainingSample.RobotTarget(new float[8][actionDim], new boolean[8], new float[stateDim])));
    return new Collator(vla.model().config().tokens().pad(), vla.model().config().vision().patchElements()).collate(List.of(robot));
  }

  @Test
  void anActionDimensionOtherThanTheConfigsIsRefused() {
    try (Scope s = Scope.open()) {
      ChatVla vla = ChatVlaTest.tiny(2);
      var e = assertThrows(IllegalArgumentException.class, () -> vla.computeLoss(robotBatch(vla, 3, 4),
          Tensors.fromFloats(new float[8 * 3], 1, 8, 3), Tensors.fromLongs(new long[] {5}, 1)));
      assertEquals("actions have 3 dims per step but policy_head_config.action_dim is 2", e.getMessage());
    }
  }

  @Test
  void aStateDimensionOtherThanTheConfigsIsRefused() {
    try (Scope s = Scope.open()) {
      ChatVla vla = ChatVlaTest.tiny(2);
      var e = assertThrows(IllegalArgumentException.class, () -> vla.computeLoss(robotBatch(vla, 2, 6),
          Tensors.fromFloats(new float[8 * 2], 1, 8, 2), Tensors.fromLongs(new long[] {5}, 1)));
      assertEquals(true, e.getMessage().contains("6") && e.getMessage().contains("state_dim"), e.getMessage());
    }
  }
}
