package org.chatvla4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chatvla4j.data.Episode;
import org.chatvla4j.data.EpisodeWriter;
import org.chatvla4j.data.VqaJson;
import org.chatvla4j.data.VqaSample;
import org.chatvla4j.image.RgbImage;

/**
 * A data root in the layout {@code ./chatvla world generate} writes ({@code episodes/*.hdf5}, {@code vqa.json} with
 * {@code images/}), sized for the tiny preset (action 2, state 4) and small enough to train on in a test.
 */
public final class TinyDataset {
  private TinyDataset() {}

  /** Writes {@code episodes} episodes of {@code steps} steps with one {@code height}×{@code width} camera, and 4 VQA samples. */
  public static Path write(Path root, int episodes, int steps, int height, int width) throws IOException {
    Path dir = Files.createDirectories(root.resolve("episodes"));
    for (int e = 0; e < episodes; e++) {
      EpisodeWriter.write(episode(e, steps, height, width, 2, 4), dir.resolve(String.format("episode_%03d.hdf5", e)));
    }
    Path images = Files.createDirectories(root.resolve("images"));
    List<VqaSample> vqa = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Files.write(images.resolve("scene_" + i + ".png"), frame(i, 0, height, width).encodePng());
      vqa.add(VqaSample.singleTurn("q" + i, "scene_" + i + ".png", "How many blocks are there?", Integer.toString(i + 1)));
    }
    VqaJson.write(vqa, root.resolve("vqa.json"));
    return root;
  }

  /** An episode with formula values: action[t] = (0.1·t, −0.1·(t + base)), qpos[t] = (t, base, 0.5, −t). */
  public static Episode episode(int base, int steps, int height, int width, int actionDim, int stateDim) {
    float[][] actions = new float[steps][actionDim];
    float[][] qpos = new float[steps][stateDim];
    float[][] qvel = new float[steps][stateDim];
    List<String> reasonings = new ArrayList<>();
    List<RgbImage> frames = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      for (int d = 0; d < actionDim; d++) {
        actions[t][d] = d % 2 == 0 ? 0.1f * t : -0.1f * (t + base);
      }
      for (int d = 0; d < stateDim; d++) {
        qpos[t][d] = switch (d % 4) {
          case 0 -> t;
          case 1 -> base;
          case 2 -> 0.5f;
          default -> -t;
        };
      }
      reasonings.add("move the red block " + (t < steps / 2 ? "left" : "up") + ".");
      frames.add(frame(base, t, height, width));
    }
    LinkedHashMap<String, List<RgbImage>> cams = new LinkedHashMap<>();
    cams.put("top", frames);
    return new Episode("push the red block to the left", actions, qpos, qvel, cams, reasonings, true, Map.of());
  }

  private static RgbImage frame(int base, int t, int height, int width) {
    return RgbImage.generate(height, width, (y, x, c) -> (x * 5 + y * 3 + c * 70 + base * 31 + t * 13) % 256);
  }
}
