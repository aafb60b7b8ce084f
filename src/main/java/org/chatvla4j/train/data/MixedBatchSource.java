package org.chatvla4j.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.image.ImageSizing;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.Collator;
import org.chatvla4j.model.TrainingBatch;
import org.chatvla4j.model.TrainingSample;
import org.chatvla4j.train.BatchSource;
import org.chatvla4j.train.SampledBatchSource;
import org.chatvla4j.train.DataSpec;

/**
 * A stage's batches: robot frames and VQA samples mixed by a {@link MixSchedule} (robot : VQA exact over every pass of
 * the data, shuffled within it), built into samples and collated with the model's {@link Collator}. Batch p holds
 * stream positions {@code p·B … p·B + B − 1}, and a sample's augmentation is drawn from {@code (seed, position)}, so a
 * batch depends only on the seed and its index: {@link #seek} to p reproduces batch p bit for bit.
 *
 * <p>A bounded pool of worker threads builds the samples of the next batch, one sample per task (frame reads,
 * augmentation, image processing, tokenisation: plain Java arrays), while the trainer works on the current one; a
 * sample depends only on its stream position, so the batch is the same for any number of workers. Collation into
 * tensors happens on the caller's thread, inside whatever {@code Scope} it has open. Close the source to stop the pool.
 */
public final class MixedBatchSource implements SampledBatchSource, AutoCloseable {
  /** Seconds an idle worker thread lives; longer than any gap between two batches of a running stage. */
  private static final long IDLE_SECONDS = 60;
  private final MixSchedule schedule;
  private final Optional<RobotSamples> robot;
  private final Optional<VqaSamples> vqa;
  private final Collator collator;
  private final Optional<DatasetStats> stats;
  private final int batchSize;
  private final long seed;
  private final ExecutorService workers;
  private long position;
  private long pendingBatch = -1;
  private Future<List<TrainingSample>> pending;

  /**
   * @param robot robot samples; required when the schedule mixes in robot frames
   * @param vqa VQA samples; required when the schedule mixes in VQA
   * @param stats the statistics the robot samples are normalised with (saved with checkpoints)
   */
  public MixedBatchSource(MixSchedule schedule, Optional<RobotSamples> robot, Optional<VqaSamples> vqa, Collator collator,
      Optional<DatasetStats> stats, int batchSize, long seed) {
    this(schedule, robot, vqa, collator, stats, batchSize, seed, defaultWorkers());
  }

  /** As above with {@code workers} threads building samples (1 = the old single prefetch thread). */
  public MixedBatchSource(MixSchedule schedule, Optional<RobotSamples> robot, Optional<VqaSamples> vqa, Collator collator,
      Optional<DatasetStats> stats, int batchSize, long seed, int workers) {
    if (workers <= 0) {
      throw new IllegalArgumentException("workers must be > 0, got " + workers);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
    }
    if (schedule.robotPerPass() > 0 && robot.isEmpty()) {
      throw new IllegalArgumentException("the schedule draws robot frames but no robot samples are given");
    }
    if (schedule.vqaPerPass() > 0 && vqa.isEmpty()) {
      throw new IllegalArgumentException("the schedule draws VQA samples but no VQA samples are given");
    }
    this.schedule = schedule;
    this.robot = robot;
    this.vqa = vqa;
    this.collator = collator;
    this.stats = stats;
    this.batchSize = batchSize;
    this.seed = seed;
    AtomicInteger names = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "batch-prefetch-" + names.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    // A caller that drops the source without closing it (the trainer moves on to the next stage) leaves no threads.
    pool.allowCoreThreadTimeOut(true);
    this.workers = pool;
  }

  /** min(4, cores): a batch of 8 has enough samples to keep that many busy; more would only contend with the trainer. */
  public static int defaultWorkers() {
    return Math.min(4, Runtime.getRuntime().availableProcessors());
  }

  /** {@link #create(DataSpec, ChatVla, int, long, Optional, ImageSizing)} with frames at their stored size. */
  public static MixedBatchSource create(DataSpec spec, ChatVla model, int batchSize, long seed, Optional<DatasetStats> stats) {
    return create(spec, model, batchSize, seed, stats, ImageSizing.nativeResolution());
  }

  /**
   * Indexes the stage's episodes and VQA files, checks them against the model (action and state widths, images that
   * exist) before any batch is made, and computes the robot statistics unless {@code stats} are given (resume, eval).
   *
   * @param sizing how frames and VQA images are sized before the image processor
   */
  public static MixedBatchSource create(DataSpec spec, ChatVla model, int batchSize, long seed, Optional<DatasetStats> stats,
      ImageSizing sizing) {
    return create(spec, model, batchSize, seed, stats, sizing, defaultWorkers());
  }

  /** As above with {@code workers} sample-building threads and a cache of the source's own (default bound). */
  public static MixedBatchSource create(DataSpec spec, ChatVla model, int batchSize, long seed, Optional<DatasetStats> stats,
      ImageSizing sizing, int workers) {
    return create(spec, model, batchSize, seed, stats, sizing, workers, SampleCache.withDefaultBound());
  }

  /**
   * As above, keeping decoded frames, images and tokenised prompts in {@code cache}, which may outlive the source
   * (stages that read the same files then start warm). The batches do not depend on the cache or its bound.
   */
  public static MixedBatchSource create(DataSpec spec, ChatVla model, int batchSize, long seed, Optional<DatasetStats> stats,
      ImageSizing sizing, int workers, SampleCache cache) {
    Optional<RobotSamples> robot = Optional.empty();
    Optional<DatasetStats> used = stats;
    int frames = 0;
    if (spec.robotParts() > 0) {
      ScaleDpConfig head = model.model().config().actionHead().orElseThrow(() -> new IllegalArgumentException(
          "the stage mixes in robot data (robot_parts " + spec.robotParts() + ") but the model has no action head"));
      RobotEpisodes episodes = RobotEpisodes.scan(spec.episodeDirs(), spec.withReasoning());
      if (episodes.actionDim() != head.actionDim() || episodes.stateDim() != head.stateDim()) {
        throw new IllegalArgumentException("the episodes under " + spec.episodeDirs() + " have action " + episodes.actionDim()
            + " / state " + episodes.stateDim() + " values per step, but the model's head expects action_dim "
            + head.actionDim() + " / state_dim " + head.stateDim() + "; use a model config that matches the data");
      }
      DatasetStats s = stats.orElseGet(episodes::computeStats);
      used = Optional.of(s);
      RobotSamples.Options options = new RobotSamples.Options(head.predictionHorizon(), RobotLabels.of(spec.withReasoning()),
          spec.augment() ? Optional.of(ImageAugmentation.chatVla()) : Optional.empty(), sizing);
      robot = Optional.of(new RobotSamples(episodes, s, model.prompts(), model.imageProcessor(), options, cache));
      frames = episodes.frames();
    }
    Optional<VqaSamples> vqa = spec.vqaParts() > 0
        ? Optional.of(VqaSamples.load(spec.vqaFiles(), model.prompts(), model.imageProcessor(), sizing, cache))
        : Optional.empty();
    MixSchedule schedule = new MixSchedule(seed, frames, vqa.map(VqaSamples::size).orElse(0), spec.robotParts(), spec.vqaParts());
    Collator collator = new Collator(model.model().config().tokens().pad(), model.model().config().vision().patchElements());
    return new MixedBatchSource(schedule, robot, vqa, collator, used, batchSize, seed, workers);
  }

  @Override
  public TrainingBatch next() {
    List<TrainingSample> samples = samples(position);
    position++;
    prefetch(position);
    return collator.collate(samples);
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void seek(long position) {
    if (position < 0) {
      throw new IllegalArgumentException("batch position must be >= 0, got " + position);
    }
    this.position = position;
    prefetch(position);
  }

  @Override
  public Optional<DatasetStats> stats() {
    return stats;
  }

  public int batchSize() {
    return batchSize;
  }

  public MixSchedule schedule() {
    return schedule;
  }

  @Override
  public TrainingBatch collate(List<TrainingSample> samples) {
    return collator.collate(samples);
  }

  /** The uncollated samples of batch {@code batch}; does not move the position. */
  @Override
  public List<TrainingSample> samples(long batch) {
    if (batch != pendingBatch && pending != null) {
      pending.cancel(false);
    }
    Future<List<TrainingSample>> f = batch == pendingBatch ? pending : submit(batch);
    pendingBatch = -1;
    pending = null;
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for batch " + batch, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("building batch " + batch + " failed: " + e.getCause(), e.getCause());
    }
  }

  private void prefetch(long batch) {
    if (pendingBatch != batch) {
      if (pending != null) {
        pending.cancel(false);
      }
      pending = submit(batch);
      pendingBatch = batch;
    }
  }

  /** Draws on this thread (the schedule is not thread-safe), builds each sample as its own task on the pool. */
  private Future<List<TrainingSample>> submit(long batch) {
    long first = Math.multiplyExact(batch, (long) batchSize);
    List<CompletableFuture<TrainingSample>> parts = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      MixSchedule.Draw d = schedule.draw(first + i);
      long position = first + i;
      parts.add(CompletableFuture.supplyAsync(() -> switch (d.source()) {
        case ROBOT -> robot.orElseThrow().sample(d.index(), Seeds.stream(seed, Seeds.AUGMENTATION, position));
        case VQA -> vqa.orElseThrow().sample(d.index());
      }, workers));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(done -> parts.stream().map(CompletableFuture::join).toList());
  }

  /** Stops the pool after the samples it is building and closes the episode files its threads hold open. */
  @Override
  public void close() {
    if (pending != null) {
      pending.cancel(false);
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
        return; // a stuck read keeps its files; the daemon threads end with the JVM
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    robot.ifPresent(RobotSamples::close);
  }
}
