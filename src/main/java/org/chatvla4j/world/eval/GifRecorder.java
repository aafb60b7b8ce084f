package org.chatvla4j.world.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.chatvla4j.world.EpisodeListener;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.render.GifAnimationWriter;
import org.chatvla4j.world.render.RgbFrame;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * Saves chosen episodes of a rollout as animated GIFs at Language-Table's 10 Hz: the scene before every step and the
 * final scene, through {@code renderer}. {@code select} picks the episodes (e.g. the first of each family); each is
 * written to {@code dir/<family>_<index>.gif} when it ends, atomically. Frames are rendered only for chosen episodes.
 */
public final class GifRecorder implements EpisodeListener {
  private final SceneRenderer renderer;
  private final Path dir;
  private final Predicate<Episode> select;
  private final List<Path> written = new ArrayList<>();
  private List<RgbFrame> frames;

  public GifRecorder(SceneRenderer renderer, Path dir, Predicate<Episode> select) {
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.dir = Objects.requireNonNull(dir, "dir");
    this.select = Objects.requireNonNull(select, "select");
  }

  /** The first episode of every family, as {@code eval-oracle --gif} saves them. */
  public static Predicate<Episode> firstOfEachFamily() {
    return e -> e.index() == 0;
  }

  /** The file an episode is saved to. */
  public Path fileFor(Episode episode) {
    return dir.resolve(episode.family().id() + "_" + episode.index() + ".gif");
  }

  @Override
  public void episodeStarted(Episode episode, Observation first) {
    frames = select.test(episode) ? new ArrayList<>() : null;
  }

  @Override
  public void stepped(Step step) {
    if (frames != null) {
      frames.add(renderer.render(step.scene()));
    }
  }

  @Override
  public void episodeEnded(Episode episode, Observation last, boolean success, int steps) {
    if (frames == null) {
      return;
    }
    frames.add(renderer.render(last.scene()));
    Path file = fileFor(episode);
    try {
      GifAnimationWriter.write(file, frames, GifAnimationWriter.LANGUAGE_TABLE_FPS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the episode GIF " + file + ": " + e.getMessage(), e);
    }
    written.add(file);
    frames = null;
  }

  /** The GIFs written so far, in order. */
  public List<Path> written() {
    return List.copyOf(written);
  }
}
