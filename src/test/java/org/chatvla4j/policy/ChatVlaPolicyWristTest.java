package org.chatvla4j.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.chatvla4j.config.Presets;
import org.chatvla4j.image.ImageSize;
import org.chatvla4j.image.PilBicubic;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.RobotObservation;
import org.chatvla4j.nn.Parameter;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.text.Tokenizer;
import org.junit.jupiter.api.Test;

/** The policy shows a named wrist camera at 56×56, as the trainer's data path does, and leaves other cameras alone. */
class ChatVlaPolicyWristTest {
  private static final float[] STATE = {0.3f, -0.1f, 0.3f, -0.1f};
  private static final String PROMPT = "push the red moon to the top left corner";
  private static final int REASONING = 4;

  private static RgbImage image(int h, int w, int salt) {
    return RgbImage.generate(h, w, (y, x, c) -> (y * 5 + x * 3 + c * 70 + salt) % 256);
  }

  private static float[][] viaPolicy(ChatVla vla, List<RgbImage> cams, List<String> names) {
    ChatVlaPolicy p = new ChatVlaPolicy(vla, Optional.empty(), new InferenceGate(), new SplittableRandom(5), REASONING);
    return p.infer(new RobotQuery(cams, names, STATE, PROMPT)).actions();
  }

  private static float[][] direct(ChatVla vla, List<RgbImage> cams) {
    return vla.act(new RobotObservation(cams, STATE), PROMPT, REASONING, new SplittableRandom(5)).actions();
  }

  @Test
  void aWristCameraBesideAnotherIsShownAt56x56AndOthersUnchanged() {
    ChatVla vla = ChatVla.create(Presets.tiny(), Tokenizer.tiny(), DType.F32, 3);
    // ScaleDP starts adaLN-zero (ε̂ = 0 whatever the condition); perturb it so the chunk depends on the images.
    SplittableRandom r = new SplittableRandom(8);
    try (Scope s = Scope.open()) {
      for (Parameter p : vla.model().parameters().values()) {
        if (p.name().startsWith("policy_head.")) {
          float[] noise = new float[Math.toIntExact(p.tensor().numel())];
          for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.05 * (r.nextDouble() * 2 - 1));
          }
          p.tensor().detach().add_(Tensors.fromFloats(noise, p.tensor().sizes().vec().get()));
        }
      }
    }
    RgbImage top = image(90, 160, 1);
    RgbImage wrist = image(90, 160, 2);
    RgbImage small = PilBicubic.resize(wrist, new ImageSize(56, 56));
    assertFalse(Arrays.deepEquals(direct(vla, List.of(top, small)), direct(vla, List.of(top, wrist))), "the wrist size must matter to the chunk");
    assertArrayEquals(direct(vla, List.of(top, small)), viaPolicy(vla, List.of(top, wrist), List.of("top", "left_wrist")));
    assertArrayEquals(direct(vla, List.of(top, wrist)), viaPolicy(vla, List.of(top, wrist), List.of("top", "side")));
    // One camera is never resized, whatever its name (ChatVLA's rule needs more than one camera).
    assertArrayEquals(direct(vla, List.of(wrist)), viaPolicy(vla, List.of(wrist), List.of("wrist")));
    assertThrows(IllegalArgumentException.class, () -> new RobotQuery(List.of(top, wrist), List.of("top"), STATE, PROMPT));
  }
}
