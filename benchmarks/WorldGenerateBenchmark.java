package org.chatvla4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.chatvla4j.data.Episode;
import org.chatvla4j.data.EpisodeWriter;
import org.chatvla4j.data.ExistingOutput;
import org.chatvla4j.world.dataset.DatasetGenerator;
import org.chatvla4j.world.dataset.GenerateConfig;
import org.chatvla4j.world.dataset.OracleAttempt;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * Speed of {@code chatvla world generate} at Language-Table's 180 × 320: whole-dataset episodes per minute (oracle,
 * rendering, HDF5, PNGs, questions) on 1 and on 2 threads, and the split of one episode's cost between running and
 * rendering it and writing its HDF5 file. Run: {@code ./chatvla bench WorldGenerateBenchmark [episodes]}.
 */
public final class WorldGenerateBenchmark {
  public static void main(String[] args) throws Exception {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path tmp = Files.createTempDirectory("world-generate-bench");
    GenerateConfig config = GenerateConfig.defaults(episodes).withSeed(5);
    new DatasetGenerator(config.withThreads(1), "bench").progress(false)
        .generate(tmp.resolve("warm"), ExistingOutput.REFUSE_NON_EMPTY); // warm-up: JIT, class loading
    for (int threads : new int[] {1, 2}) {
      DatasetGenerator.Report r = new DatasetGenerator(config.withThreads(threads), "bench").progress(false)
          .generate(tmp.resolve("t" + threads), ExistingOutput.REFUSE_NON_EMPTY);
      System.out.printf(Locale.ROOT, "generate 180x320, %d thread(s): %d episodes (%d attempts, %d frames) in %.1f s"
              + " = %.1f episodes/min, %.1f ms/frame%n", threads, r.keptTotal(), r.attempts(),
          r.manifest().counts().frames(), r.seconds(), r.keptTotal() / r.seconds() * 60,
          1e3 * r.seconds() / r.manifest().counts().frames());
    }
    // Split of one thread's work: oracle + physics + rendering, then the HDF5 write of the same episodes.
    SceneRenderer renderer = SceneRenderer.languageTable(config.imageSize());
    double runS = 0;
    double writeS = 0;
    long frames = 0;
    for (int i = 0; i < episodes; i++) {
      long t0 = System.nanoTime();
      OracleAttempt a = OracleAttempt.run(config, i, renderer);
      Episode e = a.recording().episode();
      long t1 = System.nanoTime();
      EpisodeWriter.write(e, tmp.resolve("e" + i + ".hdf5"));
      long t2 = System.nanoTime();
      runS += (t1 - t0) / 1e9;
      writeS += (t2 - t1) / 1e9;
      frames += e.length();
    }
    System.out.printf(Locale.ROOT, "per frame: oracle+physics+render %.2f ms, HDF5 write %.2f ms (%d frames, %.0f%% in"
        + " HDF5)%n", 1e3 * runS / frames, 1e3 * writeS / frames, frames, 100 * writeS / (runS + writeS));
  }
}
