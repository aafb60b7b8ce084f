package org.chatvla4j.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chatvla4j.data.Episode;
import org.chatvla4j.data.EpisodeWriter;
import org.chatvla4j.image.RgbImage;

/** Small hand-made episodes written with {@link EpisodeWriter}: values follow simple formulas so tests can compute them. */
final class Fixtures {
  private Fixtures() {}

  /** action[t] = (base + t, −2·(base + t)); qpos[t] = (t, base, 0.5·t, −t); frames with a pattern salted by base and t. */
  static Episode episode(int base, int steps, Map<String, int[]> cameraSizes) {
    float[][] actions = new float[steps][];
    float[][] qpos = new float[steps][];
    float[][] qvel = new float[steps][4];
    List<String> reasonings = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      actions[t] = new float[] {base + t, -2f * (base + t)};
      qpos[t] = new float[] {t, base, 0.5f * t, -t};
      reasonings.add("move to block " + base + " step " + t + ".");
    }
    LinkedHashMap<String, List<RgbImage>> cams = new LinkedHashMap<>();
    for (Map.Entry<String, int[]> c : cameraSizes.entrySet()) {
      List<RgbImage> frames = new ArrayList<>();
      int h = c.getValue()[0];
      int w = c.getValue()[1];
      for (int t = 0; t < steps; t++) {
        byte[] px = new byte[h * w * 3];
        for (int i = 0; i < px.length; i++) {
          px[i] = (byte) ((i * 7 + base * 31 + t * 13 + (i / 3) % w * 5) % 256);
        }
        frames.add(new RgbImage(h, w, px));
      }
      cams.put(c.getKey(), frames);
    }
    return new Episode("push block " + base + " left", actions, qpos, qvel, cams, reasonings, true, Map.of());
  }

  static Path write(Episode e, Path file) {
    EpisodeWriter.write(e, file);
    return file;
  }
}
