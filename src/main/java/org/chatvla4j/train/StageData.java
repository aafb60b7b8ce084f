package org.chatvla4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A stage's data as the recipe names it: paths relative to the run's {@code --data} root, resolved into the
 * {@link DataSpec} the batch source reads.
 *
 * @param episodes directories of HDF5 episodes (e.g. {@code episodes})
 * @param vqa LLaVA json files (e.g. {@code captions.json}, {@code vqa.json})
 * @param robotParts robot share of the mix
 * @param vqaParts VQA share of the mix
 * @param reasoning robot targets include the sub-step reasoning
 * @param augment robot-image augmentation
 */
public record StageData(List<String> episodes, List<String> vqa, int robotParts, int vqaParts, boolean reasoning, boolean augment) {
  public StageData {
    episodes = List.copyOf(episodes);
    vqa = List.copyOf(vqa);
    if (robotParts < 0) {
      throw new IllegalArgumentException("robot_parts must be >= 0, got " + robotParts);
    }
    if (vqaParts < 0) {
      throw new IllegalArgumentException("vqa_parts must be >= 0, got " + vqaParts);
    }
    if (robotParts + vqaParts == 0) {
      throw new IllegalArgumentException("robot_parts and vqa_parts are both 0: the stage would read nothing");
    }
    if (robotParts > 0 && episodes.isEmpty()) {
      throw new IllegalArgumentException("robot_parts is " + robotParts + " but episodes is empty; name an episode directory");
    }
    if (vqaParts > 0 && vqa.isEmpty()) {
      throw new IllegalArgumentException("vqa_parts is " + vqaParts + " but vqa is empty; name a VQA json file");
    }
  }

  /** True when the stage feeds robot samples (and so needs an action head and dataset statistics). */
  public boolean readsRobotData() {
    return robotParts > 0;
  }

  /**
   * Resolves the paths against {@code root}; every named path must exist (checked before training starts, so a typo
   * fails in seconds, not after a stage).
   */
  public DataSpec resolve(Path root) {
    List<Path> dirs = episodes.stream().map(root::resolve).toList();
    List<Path> files = vqa.stream().map(root::resolve).toList();
    if (robotParts > 0) {
      for (Path d : dirs) {
        if (!Files.isDirectory(d)) {
          throw new IllegalArgumentException("episodes: " + d + " is not a directory (paths are relative to --data " + root + ")");
        }
      }
    }
    if (vqaParts > 0) {
      for (Path f : files) {
        if (!Files.isRegularFile(f)) {
          throw new IllegalArgumentException("vqa: " + f + " does not exist (paths are relative to --data " + root + ")");
        }
      }
    }
    return new DataSpec(robotParts > 0 ? dirs : List.of(), vqaParts > 0 ? files : List.of(), robotParts, vqaParts, reasoning, augment);
  }
}
