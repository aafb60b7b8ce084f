package org.chatvla4j.train.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.data.EpisodeFile;
import org.chatvla4j.image.ImageSize;
import org.chatvla4j.image.ImageSizing;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.Qwen2VlImageProcessor;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.TrainingSample;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.text.ImageGrid;
import org.chatvla4j.text.LabeledSequence;
import org.chatvla4j.text.PromptBuilder;

/**
 * Robot frames as training samples: the images of all cameras at step t (sized by {@link ImageSizing}, augmented when
 * asked, then the model's image processor), the instruction, the assistant target ({@link RobotLabels}), and the
 * action chunk and state ({@link ActionChunks}), routed to the control expert. Samples may be built on several
 * threads at once.
 *
 * <p>A frame's deterministic part is kept in a {@link SampleCache}: its camera images read, sized and (without
 * augmentation) resized for the processor, and its tokenised prompt. When the whole dataset fits the cache, the first
 * miss in an episode reads all of its frames at once (one file open instead of one per frame; one tokenisation per
 * distinct reasoning sentence); otherwise frames are read one at a time from files kept open between reads.
 */
public final class RobotSamples implements AutoCloseable {
  /** Open episode files kept per reader for single-frame reads; enough for a batch's worth of distinct episodes. */
  private static final int OPEN_FILES = 32;

  /**
   * @param chunk actions per chunk (the head's prediction horizon)
   * @param labels what the assistant turn says
   * @param augmentation robot-image augmentation; empty = none
   * @param sizing frame sizing before the image processor
   */
  public record Options(int chunk, RobotLabels labels, Optional<ImageAugmentation> augmentation, ImageSizing sizing) {
    public Options {
      if (chunk <= 0) {
        throw new IllegalArgumentException("chunk must be > 0 (the action head's prediction_horizon), got " + chunk);
      }
    }
  }

  /** The settings a cached frame depends on: entries made with other settings are other entries. */
  private record Variant(ImageSizing sizing, boolean resizedForProcessor, RobotLabels labels, PromptBuilder prompts,
      Qwen2VlImageProcessor processor) {}

  /** Within one episode, frames with the same grids and assistant text share one tokenisation. */
  private record Prompt(List<ImageGrid> grids, String reasoning) {}

  private enum Reading {
    UNDECIDED,
    WHOLE_EPISODES,
    SINGLE_FRAMES
  }

  private final RobotEpisodes episodes;
  private final DatasetStats stats;
  private final PromptBuilder prompts;
  private final Qwen2VlImageProcessor processor;
  private final Options options;
  private final SampleCache cache;
  private final Variant variant;
  /** Episodes some thread is reading whole right now; others wanting them wait for its result. */
  private final Map<Integer, CompletableFuture<List<SampleCache.Prepared>>> reading = new ConcurrentHashMap<>();
  private volatile Reading mode = Reading.UNDECIDED;
  /**
   * Frame readers not in use (EpisodeFile is single-threaded, so a thread borrows one for a read). Borrowed rather than
   * thread-local: pool threads come and go, and their readers' open files must not pile up; there are never more
   * readers than threads reading at once. All are closed by {@link #close}.
   */
  private final Queue<EpisodeFrames> idleReaders = new ConcurrentLinkedQueue<>();
  private final Queue<EpisodeFrames> readers = new ConcurrentLinkedQueue<>();

  /** With a cache of its own of the default bound. */
  public RobotSamples(RobotEpisodes episodes, DatasetStats stats, PromptBuilder prompts, Qwen2VlImageProcessor processor,
      Options options) {
    this(episodes, stats, prompts, processor, options, SampleCache.withDefaultBound());
  }

  /** @param cache where prepared frames are kept; may be shared with other stages' samples */
  public RobotSamples(RobotEpisodes episodes, DatasetStats stats, PromptBuilder prompts, Qwen2VlImageProcessor processor,
      Options options, SampleCache cache) {
    episodes.requireCompatible(stats);
    this.episodes = episodes;
    this.stats = stats;
    this.prompts = prompts;
    this.processor = processor;
    this.options = options;
    this.cache = cache;
    this.variant = new Variant(options.sizing(), options.augmentation().isEmpty(), options.labels(), prompts, processor);
  }

  public RobotEpisodes episodes() {
    return episodes;
  }

  /** Frame {@code index}'s sample; {@code rng} draws its augmentation (unused without augmentation). */
  public TrainingSample sample(int index, RandomGenerator rng) {
    RobotEpisodes.Frame f = episodes.frame(index);
    RobotEpisodes.Episode e = episodes.episode(f.episode());
    SampleCache.Prepared p = prepared(f);
    ProcessedImages px = variant.resizedForProcessor()
        ? processor.patches(p.images())
        : processor.preprocess(augmentedForProcessor(e, p.images(), rng));
    TrainingSample.RobotTarget target = ActionChunks.at(e.actions(), e.qpos(), f.t(), options.chunk(), stats);
    return new TrainingSample(p.sequence().orElseThrow(), px, Task.CONTROL, Optional.of(target));
  }

  /**
   * The camera images of frame {@code index} as the image processor receives them (sized, augmented), read from the
   * file without the cache: the reference the cached path must reproduce.
   */
  public List<RgbImage> cameraImages(int index, RandomGenerator rng) {
    RobotEpisodes.Frame f = episodes.frame(index);
    RobotEpisodes.Episode e = episodes.episode(f.episode());
    return augmentedForProcessor(e, readSized(e, f.t()), rng);
  }

  /** Every camera's frame {@code t}, sized, read through a borrowed reader that keeps recent files open. */
  private List<RgbImage> readSized(RobotEpisodes.Episode e, int t) {
    EpisodeFrames reader = idleReaders.poll();
    if (reader == null) {
      reader = new EpisodeFrames(OPEN_FILES);
      readers.add(reader);
    }
    try {
      EpisodeFrames r = reader;
      return sized(e, t, (camera, step) -> r.frame(e.file(), camera, step));
    } finally {
      idleReaders.add(reader);
    }
  }

  private List<RgbImage> augmentedForProcessor(RobotEpisodes.Episode e, List<RgbImage> sized, RandomGenerator rng) {
    List<RgbImage> images = sized;
    if (options.augmentation().isPresent()) {
      ImageAugmentation aug = options.augmentation().get();
      ImageAugmentation.Params p = aug.draw(rng); // one draw for all cameras of the sample, as the reference does
      images = sized.stream().map(img -> aug.apply(p, img)).toList();
    }
    return options.sizing().forProcessor(e.cameras(), images);
  }

  /** Every camera's frame {@code t} at the common pre-resize size. */
  private List<RgbImage> sized(RobotEpisodes.Episode e, int t, BiFunction<String, Integer, RgbImage> read) {
    List<RgbImage> out = new ArrayList<>(e.cameras().size());
    for (String camera : e.cameras()) {
      out.add(options.sizing().preResized(read.apply(camera, t)));
    }
    return out;
  }

  private SampleCache.Prepared prepared(RobotEpisodes.Frame f) {
    RobotEpisodes.Episode e = episodes.episode(f.episode());
    SampleCache.Prepared hit = cache.get(new SampleCache.Key(e.file(), f.t(), variant));
    if (hit != null) {
      return hit;
    }
    if (mode == Reading.WHOLE_EPISODES) {
      return wholeEpisode(f.episode()).get(f.t());
    }
    SampleCache.Prepared p = prepare(e, f.t(), readSized(e, f.t()), new HashMap<>());
    cache.put(new SampleCache.Key(e.file(), f.t(), variant), p);
    if (mode == Reading.UNDECIDED) {
      // Reading whole episodes only pays when their frames stay until used: decide from the first frame's size.
      mode = p.bytes() * (long) episodes.frames() <= cache.maxBytes() ? Reading.WHOLE_EPISODES : Reading.SINGLE_FRAMES;
    }
    return p;
  }

  /** All frames of episode {@code ep}, prepared and cached; read by one thread while others needing it wait. */
  private List<SampleCache.Prepared> wholeEpisode(int ep) {
    CompletableFuture<List<SampleCache.Prepared>> mine = new CompletableFuture<>();
    CompletableFuture<List<SampleCache.Prepared>> running = reading.putIfAbsent(ep, mine);
    if (running != null) {
      try {
        return running.join();
      } catch (CompletionException ex) {
        throw ex.getCause() instanceof RuntimeException r ? r : ex;
      }
    }
    try {
      RobotEpisodes.Episode e = episodes.episode(ep);
      List<SampleCache.Prepared> all = new ArrayList<>(e.length());
      Map<Prompt, LabeledSequence> tokenised = new HashMap<>();
      try (EpisodeFile file = EpisodeFile.open(e.file())) {
        for (int t = 0; t < e.length(); t++) {
          all.add(prepare(e, t, sized(e, t, file::frame), tokenised));
        }
      }
      for (int t = 0; t < all.size(); t++) {
        cache.put(new SampleCache.Key(e.file(), t, variant), all.get(t));
      }
      mine.complete(all);
      return all;
    } catch (RuntimeException | Error ex) {
      mine.completeExceptionally(ex);
      throw ex;
    } finally {
      reading.remove(ep, mine);
    }
  }

  /** Frame t's cacheable part from its sized camera frames. */
  private SampleCache.Prepared prepare(RobotEpisodes.Episode e, int t, List<RgbImage> sized, Map<Prompt, LabeledSequence> tokenised) {
    List<RgbImage> forProcessor = options.sizing().forProcessor(e.cameras(), sized);
    List<ImageGrid> grids = new ArrayList<>(forProcessor.size());
    for (RgbImage img : forProcessor) {
      ImageSize s = processor.bounds().targetSize(img.height(), img.width());
      grids.add(new ImageGrid(1, s.height() / processor.patchSize(), s.width() / processor.patchSize()));
    }
    // Augmentation works on the sized frames and keeps their size, so the grids (and tokens) are known before it.
    List<RgbImage> images = variant.resizedForProcessor() ? forProcessor.stream().map(processor::resize).toList() : sized;
    String reasoning = options.labels().reasoningFor(e.reasonings().isEmpty() ? "" : e.reasonings().get(t));
    LabeledSequence seq = tokenised.computeIfAbsent(new Prompt(grids, reasoning),
        k -> prompts.robotSample(k.grids(), e.instruction(), k.reasoning()));
    return new SampleCache.Prepared(images, Optional.of(seq));
  }

  /** Closes every reader's open episode files; call once no thread builds samples any more. */
  @Override
  public void close() {
    readers.forEach(EpisodeFrames::close);
    readers.clear();
    idleReaders.clear();
  }
}
