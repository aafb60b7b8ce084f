package org.chatvla4j.data;

import org.chatvla4j.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The layout of a dataset directory and the ways to make and check one:
 *
 * <pre>
 * DIR/episodes/episode_000000.hdf5 ...   one DexVLA/ACT episode per file
 * DIR/images/*.png                        images of the VQA samples
 * DIR/vqa.json                            LLaVA json; image paths are relative to DIR/images (LLaVA's image folder)
 * DIR/manifest.json                       counts, seeds, families, versions, every file's size and SHA-256
 * </pre>
 *
 * A directory is written whole or not at all: {@link #create} builds it in a hidden sibling and {@link
 * DatasetStaging#commit} renames it into place.
 */
public final class DatasetDirectory {
  public static final String EPISODES_DIR = "episodes";
  public static final String IMAGES_DIR = "images";
  public static final String VQA_JSON = "vqa.json";
  public static final String MANIFEST_JSON = "manifest.json";

  private DatasetDirectory() {}

  /** Starts building a dataset for {@code dir}; see {@link DatasetStaging}. */
  public static DatasetStaging create(Path dir, ExistingOutput policy) {
    return DatasetStaging.create(dir, policy);
  }

  /** The file name of episode {@code index}: zero-padded so names sort in episode order. */
  public static String episodeFileName(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("episode index must be >= 0, got " + index);
    }
    return String.format("episode_%06d.hdf5", index);
  }

  public static DatasetManifest readManifest(Path dir) {
    Path file = dir.resolve(MANIFEST_JSON);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          dir + " has no " + MANIFEST_JSON + "; it is not a complete dataset written by this tool");
    }
    return DatasetManifest.read(file);
  }

  /**
   * Every {@code *.hdf5} under {@code dir/episodes} (or under {@code dir} itself when it has no episodes folder, as
   * DexVLA's dataset_dir), searched recursively and sorted by path.
   */
  public static List<Path> episodeFiles(Path dir) {
    Path root = Files.isDirectory(dir.resolve(EPISODES_DIR)) ? dir.resolve(EPISODES_DIR) : dir;
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".hdf5")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list episodes under " + root + ": " + AtomicFiles.describe(e), e);
    }
  }

  /**
   * Compares the directory with its manifest: every listed file present with its size and hash, nothing else. Returns
   * the problems found, one line each; empty means the dataset is intact.
   */
  public static List<String> verify(Path dir) {
    DatasetManifest manifest = readManifest(dir);
    Map<String, ManifestFile> actual = new HashMap<>();
    for (ManifestFile f : DatasetFiles.list(dir)) {
      actual.put(f.path(), f);
    }
    List<String> problems = new ArrayList<>();
    for (ManifestFile expected : manifest.files()) {
      ManifestFile found = actual.remove(expected.path());
      if (found == null) {
        problems.add(expected.path() + ": missing");
      } else if (found.bytes() != expected.bytes()) {
        problems.add(expected.path() + ": " + found.bytes() + " bytes, manifest says " + expected.bytes());
      } else if (!found.sha256().equals(expected.sha256())) {
        problems.add(expected.path() + ": content changed (sha256 " + found.sha256() + ", manifest says " + expected.sha256() + ")");
      }
    }
    actual.keySet().stream().sorted().forEach(p -> problems.add(p + ": not in the manifest"));
    return problems;
  }
}
