package org.chatvla4j.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.nn.AdamW;
import org.chatvla4j.nn.AdamWConfig;
import org.chatvla4j.nn.Gradients;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

/** The tiny model memorises one mixed batch (a chat sample and a robot sample): the whole training path works. */
class OverfitTest {
  @Test
  void bothLossesFallTenfoldOnOneMixedBatch() {
    try (Scope s = Scope.open()) {
      ChatVla vla = ChatVlaTest.tiny(7);
      ProcessedImages img1 = vla.imageProcessor().preprocess(List.of(ChatVlaTest.image(56, 84, 1)));
      ProcessedImages img2 = vla.imageProcessor().preprocess(List.of(ChatVlaTest.image(56, 84, 2)));
      TrainingSample chat = new TrainingSample(
          vla.prompts().vqaSample(ChatVla.grids(img1), List.of("What color is the moon?", "red")), img1, Task.UNDERSTANDING,
          Optional.empty());
      SplittableRandom rng = new SplittableRandom(11);
      float[][] actions = new float[8][2];
      for (float[] a : actions) {
        a[0] = (float) (rng.nextDouble() * 2 - 1);
        a[1] = (float) (rng.nextDouble() * 2 - 1);
      }
      TrainingSample robot = new TrainingSample(
          vla.prompts().robotSample(ChatVla.grids(img2), "push the red moon to the top left corner", "Move behind the red moon."),
          img2, Task.CONTROL, Optional.of(new TrainingSample.RobotTarget(actions, new boolean[8], new float[] {0.1f, -0.2f, 0.3f, 0})));
      TrainingBatch batch = new Collator(vla.model().config().tokens().pad(), vla.model().config().vision().patchElements())
          .collate(List.of(chat, robot));
      float[] noiseValues = new float[16];
      for (int i = 0; i < noiseValues.length; i++) {
        noiseValues[i] = (float) rng.nextGaussian();
      }
      Tensor noise = Tensors.fromFloats(noiseValues, 1, 8, 2);
      Tensor timesteps = Tensors.fromLongs(new long[] {30}, 1);
      AdamW opt = new AdamW(vla.model(), new AdamWConfig(3e-3, 0.9, 0.999, 1e-8, 0));
      double firstToken = 0, firstAction = 0, lastToken = 0, lastAction = 0;
      for (int step = 0; step < 300; step++) {
        try (Scope st = Scope.open()) {
          opt.zeroGrad();
          LossBreakdown loss = vla.computeLoss(batch, noise, timesteps);
          loss.total().backward();
          Gradients.clipNorm(opt.parameters(), 1.0);
          opt.step();
          if (step == 0) {
            firstToken = loss.tokenValue();
            firstAction = loss.actionValue();
          }
          lastToken = loss.tokenValue();
          lastAction = loss.actionValue();
        }
        if (step >= 50 && lastToken < firstToken / 10 && lastAction < firstAction / 10) {
          break;
        }
      }
      assertTrue(lastToken < firstToken / 10, "token loss " + firstToken + " -> " + lastToken);
      assertTrue(lastAction < firstAction / 10, "action loss " + firstAction + " -> " + lastAction);
    }
  }
}
