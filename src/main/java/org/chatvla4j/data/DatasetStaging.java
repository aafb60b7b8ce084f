package org.chatvla4j.data;

import org.chatvla4j.io.AtomicFiles;
import org.chatvla4j.image.RgbImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A dataset being built in a hidden sibling of its output directory. Nothing appears under the output name until
 * {@link #commit} renames the finished directory into place; closing without committing deletes the staging directory
 * and leaves whatever was at the output untouched. Episodes and images may be written from several threads.
 */
public final class DatasetStaging implements AutoCloseable {
  private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.png");

  private final Path target;
  private final Path staging;
  private final ExistingOutput policy;
  private final AtomicInteger episodes = new AtomicInteger();
  private final AtomicLong frames = new AtomicLong();
  private final Set<String> images = new HashSet<>();
  private int vqaSamples = -1;
  private boolean finished;

  private DatasetStaging(Path target, Path staging, ExistingOutput policy) {
    this.target = target;
    this.staging = staging;
    this.policy = policy;
  }

  /**
   * Checks the output directory against {@code policy} and creates the staging directory beside it. Fails before any
   * work is done when the output is refused or its parent is not writable.
   */
  static DatasetStaging create(Path dir, ExistingOutput policy) {
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null) {
      throw new DatasetOutputException(target, "a dataset cannot replace the file system root; choose a directory below it");
    }
    checkReplaceable(target, policy);
    Path staging;
    try {
      Files.createDirectories(parent);
      staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".staging-");
      Files.createDirectory(staging.resolve(DatasetDirectory.EPISODES_DIR));
      Files.createDirectory(staging.resolve(DatasetDirectory.IMAGES_DIR));
    } catch (IOException e) {
      throw new DatasetOutputException(
          target, "cannot create files in its parent directory " + parent + " (" + AtomicFiles.describe(e)
              + "); make it writable or choose another output directory", e);
    }
    return new DatasetStaging(target, staging, policy);
  }

  /** The output directory the dataset will have once committed. */
  public Path target() {
    return target;
  }

  /** Writes the next episode as {@code episodes/episode_NNNNNN.hdf5}; returns its final relative path. */
  public String writeEpisode(Episode episode) {
    requireOpen();
    int index = episodes.getAndIncrement();
    String rel = DatasetDirectory.EPISODES_DIR + "/" + DatasetDirectory.episodeFileName(index);
    EpisodeWriter.write(episode, staging.resolve(rel));
    frames.addAndGet(episode.length());
    return rel;
  }

  /**
   * Writes a PNG under {@code images/}; {@code fileName} (letters, digits, '.', '_', '-', ending in .png) is how VQA
   * samples refer to it, relative to the images directory as LLaVA's image folder.
   */
  public String writeImage(String fileName, RgbImage image) {
    requireOpen();
    if (fileName == null || !IMAGE_NAME.matcher(fileName).matches()) {
      throw new IllegalArgumentException(
          "image file name '" + fileName + "' must match " + IMAGE_NAME + " (a plain name ending in .png)");
    }
    synchronized (images) {
      if (!images.add(fileName)) {
        throw new IllegalArgumentException("image '" + fileName + "' was already written to this dataset");
      }
    }
    AtomicFiles.write(staging.resolve(DatasetDirectory.IMAGES_DIR).resolve(fileName), image.encodePng());
    return fileName;
  }

  /** Writes {@code vqa.json}; every image a sample names must have been written with {@link #writeImage} first. */
  public void writeVqa(List<VqaSample> samples) {
    requireOpen();
    if (vqaSamples >= 0) {
      throw new IllegalStateException("vqa.json was already written to " + staging + "; write all samples in one call");
    }
    synchronized (images) {
      for (int i = 0; i < samples.size(); i++) {
        for (String image : samples.get(i).images()) {
          if (!images.contains(image)) {
            throw new IllegalArgumentException(
                "VQA sample " + i + " (id " + samples.get(i).id() + ") names image '" + image + "', which was not"
                    + " written to " + DatasetDirectory.IMAGES_DIR + "/; write it with writeImage first");
          }
        }
      }
    }
    VqaJson.write(samples, staging.resolve(DatasetDirectory.VQA_JSON));
    vqaSamples = samples.size();
  }

  /**
   * Writes another LLaVA json beside {@code vqa.json} (e.g. {@code captions.json} for pre-training), held to the same
   * rule: every image a sample names was written with {@link #writeImage} first. The manifest lists and hashes it; its
   * samples are not counted in {@code counts.vqa_samples}.
   */
  public void writeSamples(String fileName, List<VqaSample> samples) {
    requireOpen();
    requireExtraName(fileName, ".json");
    synchronized (images) {
      for (int i = 0; i < samples.size(); i++) {
        for (String image : samples.get(i).images()) {
          if (!images.contains(image)) {
            throw new IllegalArgumentException(
                fileName + " sample " + i + " (id " + samples.get(i).id() + ") names image '" + image + "', which was"
                    + " not written to " + DatasetDirectory.IMAGES_DIR + "/; write it with writeImage first");
          }
        }
      }
    }
    VqaJson.write(samples, staging.resolve(fileName));
  }

  /** Writes a free-form top-level file (e.g. a json sidecar describing the scenes); the manifest lists and hashes it. */
  public void writeFile(String fileName, byte[] content) {
    requireOpen();
    requireExtraName(fileName, "");
    AtomicFiles.write(staging.resolve(fileName), content);
  }

  private static void requireExtraName(String fileName, String suffix) {
    if (fileName == null || !IMAGE_NAME.matcher(fileName + ".png").matches() || !fileName.endsWith(suffix)
        || fileName.equals(DatasetDirectory.VQA_JSON) || fileName.equals(DatasetDirectory.MANIFEST_JSON)
        || fileName.equals(DatasetDirectory.EPISODES_DIR) || fileName.equals(DatasetDirectory.IMAGES_DIR)) {
      throw new IllegalArgumentException(
          "extra file name '" + fileName + "' must be a plain name (letters, digits, '.', '_', '-')" + (suffix.isEmpty()
              ? "" : " ending in " + suffix) + " other than " + DatasetDirectory.VQA_JSON + ", "
              + DatasetDirectory.MANIFEST_JSON + ", " + DatasetDirectory.EPISODES_DIR + " and "
              + DatasetDirectory.IMAGES_DIR);
    }
  }

  /**
   * Finishes the dataset: writes {@code vqa.json} (empty if none was written) and {@code manifest.json}, then renames
   * the staging directory to the output. With {@link ExistingOutput#REPLACE_DATASET} an existing dataset is first
   * renamed aside and deleted only after the new one is in place.
   */
  public DatasetManifest commit(DatasetProvenance provenance, Instant createdAt) {
    requireOpen();
    try {
      if (vqaSamples < 0) {
        writeVqa(List.of());
      }
      List<ManifestFile> files = DatasetFiles.list(staging);
      DatasetManifest.Counts counts;
      synchronized (images) {
        counts = new DatasetManifest.Counts(episodes.get(), frames.get(), vqaSamples, images.size());
      }
      DatasetManifest manifest = DatasetManifest.of(provenance, createdAt, counts, files);
      manifest.write(staging.resolve(DatasetDirectory.MANIFEST_JSON));
      swapIntoPlace();
      finished = true;
      return manifest;
    } finally {
      if (!finished) {
        close();
      }
    }
  }

  /** Deletes the staging directory unless the dataset was committed. */
  @Override
  public void close() {
    if (!finished) {
      finished = true;
      AtomicFiles.deleteRecursively(staging);
    }
  }

  private void requireOpen() {
    if (finished) {
      throw new IllegalStateException("the dataset for " + target + " was already committed or closed");
    }
  }

  private void swapIntoPlace() {
    // Checked again: another process may have written to the output while this dataset was being built.
    checkReplaceable(target, policy);
    Path parent = target.getParent();
    try {
      if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) || isEmptyDirectory(target)) {
        // rename(2) replaces an empty directory in one step.
        AtomicFiles.move(staging, target);
      } else {
        Path aside = Files.createTempDirectory(parent, "." + target.getFileName() + ".replaced-");
        AtomicFiles.move(target, aside);
        try {
          AtomicFiles.move(staging, target);
        } catch (IOException e) {
          AtomicFiles.move(aside, target);
          throw e;
        }
        // The new dataset is in place; a failure to delete the old one only leaves a hidden directory behind.
        AtomicFiles.deleteRecursively(aside);
      }
      AtomicFiles.forceDirectory(parent);
    } catch (IOException e) {
      throw new DatasetOutputException(
          target, "cannot move the finished dataset into place (" + AtomicFiles.describe(e) + "); the previous content"
              + " is unchanged", e);
    }
  }

  /** Throws unless {@code target} is absent, an empty directory, or a dataset that {@code policy} allows replacing. */
  private static void checkReplaceable(Path target, ExistingOutput policy) {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new DatasetOutputException(target, "exists and is not a directory; choose a directory path for the dataset");
    }
    List<String> entries = entries(target);
    if (entries.isEmpty()) {
      return;
    }
    String sample = String.join(", ", entries.subList(0, Math.min(3, entries.size()))) + (entries.size() > 3 ? ", ..." : "");
    if (policy == ExistingOutput.REFUSE_NON_EMPTY) {
      throw new DatasetOutputException(
          target, "already holds " + entries.size() + " entries (" + sample + "); choose a new or empty directory, or"
              + " ask to replace the dataset there");
    }
    if (!Files.isRegularFile(target.resolve(DatasetDirectory.MANIFEST_JSON))) {
      throw new DatasetOutputException(
          target, "holds " + entries.size() + " entries (" + sample + ") but no " + DatasetDirectory.MANIFEST_JSON
              + ", so it is not a dataset this tool wrote; refusing to replace it. Choose a new or empty directory");
    }
  }

  private static boolean isEmptyDirectory(Path dir) {
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && entries(dir).isEmpty();
  }

  private static List<String> entries(Path dir) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        names.add(p.getFileName().toString());
      }
    } catch (IOException e) {
      throw new DatasetOutputException(dir, "cannot list its entries (" + AtomicFiles.describe(e) + ")", e);
    }
    names.sort(null);
    return names;
  }
}
