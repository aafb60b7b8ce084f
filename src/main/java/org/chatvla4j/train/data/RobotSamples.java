package org.chatvla4j.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.Qwen2VlImageProcessor;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.TrainingSample;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.text.LabeledSequence;
import org.chatvla4j.text.PromptBuilder;

/**
 * Robot frames as training samples: the images of all cameras at step t (sized by {@link ImageSizing}, augmented when
 * asked, then the model's image processor), the instruction, the assistant target ({@link RobotLabels}), and the
 * action chunk and state ({@link ActionChunks}), routed to the control expert. Reads one frame per camera per sample;
 * samples may be built on several threads at once (each keeps its own open files).
 */
public final class RobotSamples implements AutoCloseable {
  /** Open episode files kept for frame reads; enough for a batch's worth of distinct episodes. */
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

  private final RobotEpisodes episodes;
  private final DatasetStats stats;
  private final PromptBuilder prompts;
  private final Qwen2VlImageProcessor processor;
  private final Options options;
  /** One frame reader per building thread (EpisodeFile is single-threaded); all are closed by {@link #close}. */
  private final Queue<EpisodeFrames> readers = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<EpisodeFrames> frames = ThreadLocal.withInitial(() -> {
    EpisodeFrames f = new EpisodeFrames(OPEN_FILES);
    readers.add(f);
    return f;
  });

  public RobotSamples(RobotEpisodes episodes, DatasetStats stats, PromptBuilder prompts, Qwen2VlImageProcessor processor,
      Options options) {
    episodes.requireCompatible(stats);
    this.episodes = episodes;
    this.stats = stats;
    this.prompts = prompts;
    this.processor = processor;
    this.options = options;
  }

  public RobotEpisodes episodes() {
    return episodes;
  }

  /** Frame {@code index}'s sample; {@code rng} draws its augmentation (unused without augmentation). */
  public TrainingSample sample(int index, RandomGenerator rng) {
    RobotEpisodes.Frame f = episodes.frame(index);
    RobotEpisodes.Episode e = episodes.episode(f.episode());
    ProcessedImages px = processor.preprocess(cameraImages(index, rng));
    String reasoning = e.reasonings().isEmpty() ? "" : e.reasonings().get(f.t());
    LabeledSequence seq = prompts.robotSample(ChatVla.grids(px), e.instruction(), options.labels().reasoningFor(reasoning));
    TrainingSample.RobotTarget target = ActionChunks.at(e.actions(), e.qpos(), f.t(), options.chunk(), stats);
    return new TrainingSample(seq, px, Task.CONTROL, Optional.of(target));
  }

  /** The camera images of frame {@code index} as the image processor receives them (sized, augmented). */
  public List<RgbImage> cameraImages(int index, RandomGenerator rng) {
    RobotEpisodes.Frame f = episodes.frame(index);
    RobotEpisodes.Episode e = episodes.episode(f.episode());
    List<RgbImage> images = new ArrayList<>(e.cameras().size());
    for (String camera : e.cameras()) {
      images.add(options.sizing().preResized(frames.get().frame(e.file(), camera, f.t())));
    }
    if (options.augmentation().isPresent()) {
      ImageAugmentation aug = options.augmentation().get();
      ImageAugmentation.Params p = aug.draw(rng);
      images.replaceAll(img -> aug.apply(p, img));
    }
    return options.sizing().forProcessor(e.cameras(), images);
  }

  /** Closes every thread's open episode files; call once no thread builds samples any more. */
  @Override
  public void close() {
    readers.forEach(EpisodeFrames::close);
    readers.clear();
  }
}
