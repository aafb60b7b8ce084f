package org.chatvla4j.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chatvla4j.config.Presets;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.text.Tokenizer;

/** A tiny random ChatVLA saved once per test JVM, with known dataset statistics, for the serving tests. */
public final class TinyCheckpoint {
  /** State z-score and action range the checkpoint carries (Δxy actions within ±3 cm, state in metres). */
  public static final DatasetStats STATS = new DatasetStats(
      new float[] {0.4f, 0.0f, 0.4f, 0.0f}, new float[] {0.1f, 0.2f, 0.1f, 0.2f},
      new float[] {-0.03f, -0.02f}, new float[] {0.03f, 0.04f});

  private static Path dir;

  private TinyCheckpoint() {}

  public static synchronized Path dir() {
    if (dir == null) {
      try {
        Path root = Files.createTempDirectory("chatvla-serve-test");
        Path d = root.resolve("tiny-chatvla");
        ChatVla.create(Presets.tiny(), Tokenizer.tiny(), DType.F32, 11).save(d);
        STATS.write(d.resolve("dataset_stats.json"));
        dir = d;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  public static ChatVla load() {
    try {
      return ChatVla.load(dir(), DType.F32);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RgbImage image(int h, int w, int salt) {
    return RgbImage.generate(h, w, (y, x, c) -> (y * 7 + x * 3 + c * 50 + salt) % 256);
  }
}
