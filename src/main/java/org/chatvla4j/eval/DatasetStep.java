package org.chatvla4j.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import org.chatvla4j.data.DatasetDirectory;
import org.chatvla4j.data.DatasetManifest;
import org.chatvla4j.data.ExistingOutput;
import org.chatvla4j.world.dataset.DatasetGenerator;
import org.chatvla4j.world.dataset.GenerateConfig;

/** Makes the training data with {@code world generate}'s generator, or reuses a complete dataset of the same size. */
public final class DatasetStep {
  /** Whether the data was reused, its episode count and the seconds spent generating now. */
  public record Outcome(boolean reused, int episodes, double seconds) {}

  private DatasetStep() {}

  public static Outcome generateOrReuse(GenerateConfig config, Path dir, String toolVersion, boolean progress) {
    Path manifest = dir.resolve(DatasetDirectory.MANIFEST_JSON);
    if (Files.isRegularFile(manifest)) {
      int have = DatasetManifest.read(manifest).counts().episodes();
      if (have != config.episodes()) {
        throw new IllegalArgumentException(dir + " holds " + have + " episodes but this run asks for " + config.episodes()
            + "; use --fresh to regenerate, or another --out");
      }
      return new Outcome(true, have, 0);
    }
    long t0 = System.nanoTime();
    DatasetGenerator.Report r = new DatasetGenerator(config, toolVersion).progress(progress).generate(dir, ExistingOutput.REFUSE_NON_EMPTY);
    return new Outcome(false, r.keptTotal(), (System.nanoTime() - t0) / 1e9);
  }
}
