package org.chatvla4j.world.dataset;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.chatvla4j.data.DatasetDirectory;
import org.chatvla4j.data.DatasetManifest;
import org.chatvla4j.data.DatasetProvenance;
import org.chatvla4j.data.DatasetStaging;
import org.chatvla4j.data.ExistingOutput;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * {@code chatvla world generate}: oracle demonstrations in the DexVLA layout plus CLEVR-style questions and captions
 * about their scenes in LLaVA's layout, written as one atomic dataset directory ({@link DatasetDirectory}):
 *
 * <pre>
 * DIR/episodes/episode_NNNNNN.hdf5   successful oracle episodes ({@link EpisodeRecording})
 * DIR/images/epNNNNNN_sTTTT.png      the reset scene and {@code laterScenes} later scenes of every episode
 * DIR/vqa.json                       questionsPerScene questions per image (LLaVA samples)
 * DIR/captions.json                  one scene caption per image (LLaVA samples, for pre-training)
 * DIR/world.json                     scenes, seeds and question templates behind the files ({@link WorldJson})
 * DIR/manifest.json                  counts, seeds, families, every file's SHA-256
 * </pre>
 *
 * <p>Attempts run on {@code threads} workers; the main thread takes their results in attempt order and keeps the
 * first {@code episodes} successes, then asks the questions in that order with one seeded generator. Which attempts
 * are kept, and every byte written, therefore depends on the config only, not on the threads or their timing.
 */
public final class DatasetGenerator {
  /** The prompt of every caption sample. */
  public static final String CAPTION_PROMPT = "Describe the blocks on the table.";

  /** Seeds of the question and caption generators, derived from the base seed (named in the manifest). */
  static final long QUESTION_SEED_SALT = 0x5157_4151L;

  static final long CAPTION_SEED_SALT = 0x4341_5054L;

  /** What a run made and how long it took. */
  public record Report(
      GenerateConfig config, int attempts, Map<TaskFamily, Integer> kept, Map<TaskFamily, Integer> failed,
      DatasetManifest manifest, double seconds) {
    public int keptTotal() {
      return kept.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** A plain-text summary: attempts and kept episodes per family, the files' counts and the speed. */
    public String summary() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%-28s %6s %6s%n", "family", "kept", "failed"));
      for (TaskFamily f : config.families()) {
        sb.append(String.format(Locale.ROOT, "%-28s %6d %6d%n", f.id(), kept.getOrDefault(f, 0), failed.getOrDefault(f, 0)));
      }
      DatasetManifest.Counts c = manifest.counts();
      sb.append(String.format(Locale.ROOT,
          "%d of %d oracle attempts kept; %d frames, %d images, %d questions; %.1f s (%.1f episodes/min)%n",
          keptTotal(), attempts, c.frames(), c.images(), c.vqaSamples(), seconds, keptTotal() / seconds * 60));
      return sb.toString();
    }
  }

  private final GenerateConfig config;
  private final String toolVersion;
  private boolean progress = true;

  public DatasetGenerator(GenerateConfig config, String toolVersion) {
    this.config = Objects.requireNonNull(config, "config");
    this.toolVersion = Objects.requireNonNull(toolVersion, "toolVersion");
  }

  /** Whether to draw a progress bar on stderr (default on). */
  public DatasetGenerator progress(boolean on) {
    this.progress = on;
    return this;
  }

  public static long questionSeed(long seed) {
    return seed ^ QUESTION_SEED_SALT;
  }

  public static long captionSeed(long seed) {
    return seed ^ CAPTION_SEED_SALT;
  }

  /**
   * Generates the dataset into {@code dir}. The output is checked against {@code existing} before any work; nothing
   * appears there unless the whole dataset is complete.
   */
  public Report generate(Path dir, ExistingOutput existing) {
    long t0 = System.nanoTime();
    Map<TaskFamily, Integer> kept = new EnumMap<>(TaskFamily.class);
    Map<TaskFamily, Integer> failed = new EnumMap<>(TaskFamily.class);
    SceneQuestions questions = new SceneQuestions(config, questionSeed(config.seed()), captionSeed(config.seed()));
    List<WorldJson.EpisodeEntry> episodes = new ArrayList<>();
    int attempts = 0;
    ThreadLocal<SceneRenderer> renderers = ThreadLocal.withInitial(() -> SceneRenderer.languageTable(config.imageSize()));
    ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
      Thread t = new Thread(r, "world-generate");
      t.setDaemon(true);
      return t;
    });
    try (DatasetStaging staging = DatasetDirectory.create(dir, existing);
        ProgressBar bar = progress ? progressBar() : null) {
      ArrayDeque<Future<OracleAttempt>> inFlight = new ArrayDeque<>();
      int submitted = 0;
      // One more attempt in flight than workers keeps them busy while the main thread writes.
      int window = config.threads() + 1;
      while (episodes.size() < config.episodes()) {
        while (inFlight.size() < window && submitted < config.maxAttempts()) {
          int index = submitted++;
          inFlight.add(pool.submit(() -> OracleAttempt.run(config, index, renderers.get())));
        }
        if (inFlight.isEmpty()) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "the oracle solved only %d of %d attempts (%s); with at most %d attempts per episode it cannot reach %d"
                  + " episodes. Raise --max-steps (now %d), lower --action-noise (now %s) or choose other families",
              episodes.size(), attempts, failed, GenerateConfig.MAX_ATTEMPTS_PER_EPISODE, config.episodes(),
              config.maxSteps(), config.actionNoise()));
        }
        OracleAttempt attempt = await(inFlight.poll());
        attempts++;
        // A layout solved before the first step has no frames to learn from; it counts as a failed attempt.
        if (!attempt.success() || attempt.recording().steps() == 0) {
          failed.merge(attempt.family(), 1, Integer::sum);
        } else {
          org.chatvla4j.data.Episode episode = attempt.recording().episode();
          String file = staging.writeEpisode(episode);
          questions.ask(staging, episodes.size(), file, attempt.recording());
          episodes.add(new WorldJson.EpisodeEntry(file, attempt.index(), attempt.seed(), attempt.family(),
              episode.instruction(), episode.length()));
          kept.merge(attempt.family(), 1, Integer::sum);
          if (bar != null) {
            bar.step();
          }
        }
        if (bar != null) {
          bar.setExtraMessage(attempts + " tried");
        }
      }
      inFlight.forEach(f -> f.cancel(true));
      staging.writeVqa(questions.vqaSamples());
      staging.writeSamples(SceneQuestions.CAPTIONS_JSON, questions.captionSamples());
      staging.writeFile(WorldJson.FILE_NAME, WorldJson.toBytes(
          new WorldJson.Content(config, attempts, episodes, questions.images(), questions.questionEntries())));
      Map<String, Integer> episodeFamilies = new TreeMap<>();
      kept.forEach((f, n) -> episodeFamilies.put(f.id(), n));
      DatasetProvenance provenance = new DatasetProvenance(
          toolVersion,
          Map.of("episodes", config.seed(), "questions", questionSeed(config.seed()), "captions",
              captionSeed(config.seed())),
          episodeFamilies,
          questions.questionFamilies());
      DatasetManifest manifest = staging.commit(provenance, Instant.now());
      return new Report(config, attempts, kept, failed, manifest, (System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  private static OracleAttempt await(Future<OracleAttempt> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating episodes", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("an oracle attempt failed: " + e.getCause(), e.getCause());
    }
  }

  private ProgressBar progressBar() {
    return new ProgressBarBuilder()
        .setTaskName("generate")
        .setInitialMax(config.episodes())
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(250)
        .build();
  }
}
