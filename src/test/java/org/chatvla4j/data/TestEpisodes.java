package org.chatvla4j.data;

import org.chatvla4j.image.RgbImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded episodes for the tests, with the values a round trip most easily breaks (-0.0, extremes, bytes > 127). */
final class TestEpisodes {
  private TestEpisodes() {}

  static Episode random(SplittableRandom rng, int steps, int height, int width, String... cameras) {
    float[][] actions = matrix(rng, steps, 2);
    float[][] qpos = matrix(rng, steps, 4);
    float[][] qvel = matrix(rng, steps, 4);
    actions[0][0] = -0.0f;
    actions[0][1] = Float.MIN_VALUE;
    qpos[0][0] = Float.MAX_VALUE;
    qvel[0][0] = -Float.MAX_VALUE;
    LinkedHashMap<String, List<RgbImage>> cams = new LinkedHashMap<>();
    for (String camera : cameras) {
      List<RgbImage> frames = new ArrayList<>();
      for (int t = 0; t < steps; t++) {
        byte[] px = new byte[3 * height * width];
        rng.nextBytes(px);
        px[0] = 0;
        px[1] = (byte) 255;
        px[2] = (byte) 128;
        frames.add(new RgbImage(height, width, px));
      }
      cams.put(camera, frames);
    }
    List<String> reasonings = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      reasonings.add(t == steps - 1 ? "" : "Push the red moon to the top left corner, step " + t + " — déjà vu.");
    }
    return new Episode(
        "push the red moon to the top left corner ✓",
        actions,
        qpos,
        qvel,
        cams,
        reasonings,
        true,
        Map.of("family", "block2block", "seed", "42"));
  }

  static float[][] matrix(SplittableRandom rng, int rows, int cols) {
    float[][] m = new float[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = (float) (rng.nextGaussian() * 0.3);
      }
    }
    return m;
  }
}
