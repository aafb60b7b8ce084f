package org.chatvla4j.train.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.chatvla4j.data.DatasetDirectory;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.data.EpisodeFile;
import org.chatvla4j.data.EpisodeFormatException;
import org.chatvla4j.data.EpisodeLayout;
import org.chatvla4j.image.ImageSize;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.dataset.WorldJson;

/**
 * Every frame of every {@code *.hdf5} episode under a stage's episode directories. The per-step arrays and texts (a
 * few floats and a sentence per step) are read once and kept; camera frames stay on disk and are read one at a time by
 * {@link EpisodeFrames}. Frames are numbered episode by episode in path order, so the numbering of a directory never
 * depends on the file system's listing order.
 */
public final class RobotEpisodes {
  /** Show a progress bar when indexing at least this many files. */
  private static final int PROGRESS_THRESHOLD = 200;

  /** What is kept of one episode; {@code frameSizes}: each camera's frame size, read from its first frame. */
  record Episode(Path file, String instruction, float[][] actions, float[][] qpos, List<String> reasonings,
      List<String> cameras, Map<String, ImageSize> frameSizes) {
    int length() {
      return actions.length;
    }
  }

  /** Frame {@code t} of episode {@code episode}. */
  public record Frame(int episode, int t) {}

  private final List<Episode> episodes;
  private final long[] starts;
  private final int frames;
  private final int actionDim;
  private final int stateDim;

  private RobotEpisodes(List<Episode> episodes) {
    this.episodes = List.copyOf(episodes);
    this.starts = new long[episodes.size() + 1];
    for (int e = 0; e < episodes.size(); e++) {
      starts[e + 1] = starts[e] + episodes.get(e).length();
    }
    if (starts[episodes.size()] > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the episodes hold " + starts[episodes.size()] + " frames, more than " + Integer.MAX_VALUE);
    }
    this.frames = (int) starts[episodes.size()];
    this.actionDim = episodes.getFirst().actions()[0].length;
    this.stateDim = episodes.getFirst().qpos()[0].length;
  }

  /**
   * Finds and checks the episodes under {@code dirs} (recursively; hidden files and directories, such as unfinished
   * atomic writes, are skipped). Every episode must have the first one's action and state widths; episodes need
   * reasoning text when {@code needReasoning}.
   */
  public static RobotEpisodes scan(List<Path> dirs, boolean needReasoning) {
    List<Path> files = new ArrayList<>();
    for (Path dir : dirs) {
      files.addAll(find(dir));
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no *.hdf5 episodes found under " + dirs + "; generate some with './chatvla world"
          + " generate' or point the episode directories at DexVLA/ACT HDF5 files");
    }
    List<Episode> episodes = new ArrayList<>(files.size());
    try (ProgressBar bar = files.size() >= PROGRESS_THRESHOLD && onTerminal() ? progressBar(files.size()) : null) {
      for (Path file : files) {
        Episode e = read(file, needReasoning);
        if (!episodes.isEmpty()) {
          Episode first = episodes.getFirst();
          requireWidth(file, EpisodeLayout.ACTION, e.actions()[0].length, first.actions()[0].length, first.file());
          requireWidth(file, EpisodeLayout.QPOS, e.qpos()[0].length, first.qpos()[0].length, first.file());
        }
        episodes.add(e);
        if (bar != null) {
          bar.step();
        }
      }
    }
    return new RobotEpisodes(episodes);
  }

  private static List<Path> find(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("episode directory " + dir + " does not exist or is not a directory");
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".hdf5") && Files.isRegularFile(p))
          .filter(p -> !hidden(dir.relativize(p)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list episode directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static Episode read(Path file, boolean needReasoning) {
    try (EpisodeFile f = EpisodeFile.open(file)) {
      if (f.length() == 0) {
        throw new EpisodeFormatException(file, EpisodeLayout.ACTION, "has no steps; an episode needs at least one");
      }
      if (needReasoning && f.substepReasonings().isEmpty()) {
        throw new EpisodeFormatException(file, EpisodeLayout.SUBSTEP_REASONINGS, "missing (and no " + EpisodeLayout.REASONING
            + "); the stage trains with reasoning, so add per-step reasoning or train without it");
      }
      Map<String, ImageSize> sizes = new TreeMap<>();
      for (String camera : f.cameraNames()) {
        RgbImage first = f.frame(camera, 0);
        sizes.put(camera, new ImageSize(first.height(), first.width()));
      }
      return new Episode(file, f.instruction(), f.actions(), f.qpos(), f.substepReasonings(), f.cameraNames(), sizes);
    }
  }

  private static void requireWidth(Path file, String dataset, int got, int expected, Path first) {
    if (got != expected) {
      throw new EpisodeFormatException(file, dataset, "has " + got + " values per step but " + first + " has " + expected
          + "; all episodes of a stage need the same width");
    }
  }

  /** Only a terminal shows the bar; in a log file (CI, a piped demo) its redraws are noise. */
  private static boolean onTerminal() {
    java.io.Console c = System.console();
    return c != null && c.isTerminal();
  }

  private static ProgressBar progressBar(int total) {
    return new ProgressBarBuilder().setTaskName("index episodes").setInitialMax(total)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).build();
  }

  /** Total frames (robot samples). */
  public int frames() {
    return frames;
  }

  public int episodeCount() {
    return episodes.size();
  }

  public int actionDim() {
    return actionDim;
  }

  public int stateDim() {
    return stateDim;
  }

  /** The episode and step of frame {@code index}. */
  public Frame frame(int index) {
    if (index < 0 || index >= frames) {
      throw new IndexOutOfBoundsException("frame " + index + " is outside 0.." + (frames - 1));
    }
    int e = Arrays.binarySearch(starts, index);
    // binarySearch finds an exact start, or the insertion point; an empty episode cannot exist (checked on read).
    e = e >= 0 ? e : -e - 2;
    return new Frame(e, (int) (index - starts[e]));
  }

  Episode episode(int e) {
    return episodes.get(e);
  }

  /**
   * Statistics over all frames: every qpos row and every action row of every episode, the frame size of each camera
   * that has one size in every episode (an episode's frames already share one, checked on read), and the tabletop
   * block set when the episodes were generated with one (see {@link #generatedBlockSet}).
   */
  public DatasetStats computeStats() {
    float[][] states = new float[frames][];
    float[][] actions = new float[frames][];
    int i = 0;
    Map<String, ImageSize> sizes = new TreeMap<>();
    Set<String> mixed = new HashSet<>();
    for (Episode e : episodes) {
      for (int t = 0; t < e.length(); t++, i++) {
        states[i] = e.qpos()[t];
        actions[i] = e.actions()[t];
      }
      e.frameSizes().forEach((name, size) -> {
        ImageSize seen = sizes.putIfAbsent(name, size);
        if (seen != null && !seen.equals(size)) {
          mixed.add(name);
        }
      });
    }
    mixed.forEach(sizes::remove);
    return DatasetStats.compute(states, actions).withCameraSizes(sizes).withBlockSet(generatedBlockSet().map(BlockSet::name));
  }

  /**
   * The block set of the tabletop world that generated these episodes: {@code world generate} writes them to {@code
   * DIR/episodes/} and {@code DIR/world.json} beside that folder. Known only when every episode lies in such a folder
   * and all the world.json files name the same set; episodes from elsewhere (DexVLA HDF5 of a real robot) have none, and
   * a mix has no single set.
   */
  Optional<BlockSet> generatedBlockSet() {
    Set<Path> worlds = new TreeSet<>();
    for (Episode e : episodes) {
      Path folder = e.file().toAbsolutePath().getParent();
      if (!folder.getFileName().toString().equals(DatasetDirectory.EPISODES_DIR)) {
        return Optional.empty(); // not the generator's layout: a world.json nearby would be a coincidence
      }
      worlds.add(folder.resolveSibling(WorldJson.FILE_NAME));
    }
    Set<BlockSet> sets = EnumSet.noneOf(BlockSet.class);
    for (Path world : worlds) {
      Optional<BlockSet> set = Files.isRegularFile(world) ? WorldJson.readBlockSet(world) : Optional.empty();
      if (set.isEmpty()) {
        return Optional.empty();
      }
      sets.add(set.get());
    }
    return sets.size() == 1 ? Optional.of(sets.iterator().next()) : Optional.empty();
  }

  /** Checks that {@code stats} (passed in for a resume or from a checkpoint) fits these episodes. */
  public void requireCompatible(DatasetStats stats) {
    if (stats.stateMean().length != stateDim || stats.actionMin().length != actionDim) {
      throw new IllegalArgumentException("the given dataset statistics are for state " + stats.stateMean().length + " / action "
          + stats.actionMin().length + " values, but the episodes (" + episodes.getFirst().file() + ", ...) have state "
          + stateDim + " / action " + actionDim);
    }
  }
}
