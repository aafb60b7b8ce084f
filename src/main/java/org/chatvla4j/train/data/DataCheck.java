package org.chatvla4j.train.data;

import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.data.EpisodeFormatException;
import org.chatvla4j.data.EpisodeLayout;
import org.chatvla4j.image.ImageSizing;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.train.DataSpec;

/**
 * The cheap check of one stage's data against the model, run for every stage before the first training step so that
 * bad input fails in seconds rather than when a later stage opens its data: every episode's layout (datasets present,
 * one row per step, image rank and type, reasoning when the stage trains with it), action and state widths against
 * the action head's {@code action_dim} / {@code state_dim}, the first and last frame of every camera decodable (a
 * truncated file fails here), and every VQA entry's images present. Errors name the file, the dataset or field, and
 * the expected value.
 */
public final class DataCheck {
  private DataCheck() {}

  /** Throws {@link EpisodeFormatException}, {@link org.chatvla4j.data.VqaFormatException} or IllegalArgumentException. */
  public static void check(DataSpec spec, ChatVla model) {
    if (spec.robotParts() > 0) {
      ScaleDpConfig head = model.model().config().actionHead().orElseThrow(() -> new IllegalArgumentException(
          "the stage mixes in robot data (robot_parts " + spec.robotParts() + ") but the model has no action head"));
      checkEpisodes(RobotEpisodes.scan(spec.episodeDirs(), spec.withReasoning()), head);
    }
    if (spec.vqaParts() > 0) {
      // Loading parses every json entry and resolves every image path; a missing image names the file, entry and field.
      VqaSamples.load(spec.vqaFiles(), model.prompts(), model.imageProcessor(), ImageSizing.nativeResolution());
    }
  }

  private static void checkEpisodes(RobotEpisodes episodes, ScaleDpConfig head) {
    // scan() has made every episode's widths equal the first's, so the first one speaks for all.
    RobotEpisodes.Episode first = episodes.episode(0);
    requireWidth(first, EpisodeLayout.ACTION, episodes.actionDim(), head.actionDim(), "action_dim");
    requireWidth(first, EpisodeLayout.QPOS, episodes.stateDim(), head.stateDim(), "state_dim");
    try (EpisodeFrames frames = new EpisodeFrames(1)) {
      for (int e = 0; e < episodes.episodeCount(); e++) {
        RobotEpisodes.Episode ep = episodes.episode(e);
        for (String camera : ep.cameras()) {
          // Reading decodes (and for raw frames, slices the file at) the frame; a short file or bad bytes throw here.
          frames.frame(ep.file(), camera, 0);
          frames.frame(ep.file(), camera, ep.length() - 1);
        }
      }
    }
  }

  private static void requireWidth(RobotEpisodes.Episode e, String dataset, int got, int expected, String field) {
    if (got != expected) {
      throw new EpisodeFormatException(e.file(), dataset, "has " + got + " values per step, but the model's action head expects "
          + field + " " + expected + "; use a model config whose " + field + " is " + got + " or data with " + expected);
    }
  }
}
