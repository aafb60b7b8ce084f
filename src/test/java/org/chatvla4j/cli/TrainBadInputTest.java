package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.chatvla4j.data.EpisodeWriter;
import org.chatvla4j.train.TinyDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad data or a bad recipe stops {@code chatvla train} before its first step, with an error naming the file, the
 * field and the expected value. The broken data sits in the second stage, so a check made only when a stage opens its
 * data would let the first stage train first; the run directory must hold no metrics and no checkpoint.
 */
class TrainBadInputTest {
  private static final String RECIPE = """
      {"name": "bad", "model": {"init": "preset:tiny"}, "stages": [
        {"name": "vlm", "data": {"vqa": ["vqa.json"], "robot_parts": 0, "vqa_parts": 1},
         "steps": 2, "batch_size": 2, "lr_schedule": {"type": "constant", "lr": 0.001}},
        {"name": "control", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 1, "vqa_parts": 1,
         "reasoning": true}, "steps": 2, "batch_size": 2, "lr_schedule": {"type": "constant", "lr": 0.001}}]}
      """;

  @TempDir Path tmp;

  private Path data;
  private Path episode;
  private int cases;

  private void freshData() throws IOException {
    data = TinyDataset.write(tmp.resolve("data" + cases++), 2, 4, 28, 28);
    episode = data.resolve("episodes/episode_001.hdf5");
  }

  /** Trains {@code recipe} on {@link #data}: must fail with every fragment in the message and nothing trained. */
  private void stopsBeforeTraining(String recipe, String... fragments) throws IOException {
    Path file = tmp.resolve("recipe" + cases + ".json");
    Files.writeString(file, recipe);
    Path out = tmp.resolve("run" + cases);
    CliRun r = CliRun.of("train", "--recipe", file.toString(), "--data", data.toString(), "--out", out.toString(), "--no-progress");
    assertEquals(1, r.exitCode(), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "'" + f + "' not in: " + r.err());
    }
    assertFalse(Files.exists(out.resolve("metrics.jsonl")), "no step ran");
    assertFalse(Files.exists(out.resolve("checkpoints")), "no checkpoint written");
  }

  @Test
  void corruptTruncatedAndUndecodableHdf5() throws IOException {
    freshData();
    Files.write(episode, new byte[] {'n', 'o', 't', ' ', 'h', 'd', 'f'});
    stopsBeforeTraining(RECIPE, "error: " + episode + ": /: not a readable HDF5 file");

    freshData();
    long size = Files.size(episode);
    try (RandomAccessFile f = new RandomAccessFile(episode.toFile(), "rw")) {
      f.setLength(size * 2 / 3); // EpisodeWriter's file ends in its group headers: the cut loses them
    }
    stopsBeforeTraining(RECIPE, "error: " + episode + ": /: cannot be read (HdfException: Failed to load children");

    // Headers intact, frame bytes bad: only reading a frame finds it (DataCheck reads each camera's first and last).
    freshData();
    writeRaw(episode, new float[4][2], new float[4][4], new byte[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}});
    stopsBeforeTraining(RECIPE, "error: " + episode + ": /observations/images/top: frame 0: the bytes are not an image format");
  }

  @Test
  void missingDatasetsAndMismatchedLengths() throws IOException {
    freshData();
    writeRaw(episode, new float[4][2], null, new byte[4][28][28][3]);
    stopsBeforeTraining(RECIPE, "error: " + episode + ": /observations/qpos: missing (the robot state per step)");

    freshData();
    writeRaw(episode, new float[4][2], new float[3][4], new byte[4][28][28][3]);
    stopsBeforeTraining(RECIPE, "error: " + episode + ": /observations/qpos: has 3 rows but /action has 4");
  }

  @Test
  void actionAndStateWidthsMustMatchTheModel() throws IOException {
    freshData();
    for (String name : new String[] {"episode_000.hdf5", "episode_001.hdf5"}) {
      EpisodeWriter.write(TinyDataset.episode(0, 4, 28, 28, 3, 4), data.resolve("episodes").resolve(name));
    }
    stopsBeforeTraining(RECIPE, "error: " + data.resolve("episodes/episode_000.hdf5") + ": /action: has 3 values per step, "
        + "but the model's action head expects action_dim 2");

    freshData();
    for (String name : new String[] {"episode_000.hdf5", "episode_001.hdf5"}) {
      EpisodeWriter.write(TinyDataset.episode(0, 4, 28, 28, 2, 7), data.resolve("episodes").resolve(name));
    }
    stopsBeforeTraining(RECIPE, "error: " + data.resolve("episodes/episode_000.hdf5") + ": /observations/qpos: has 7 values "
        + "per step, but the model's action head expects state_dim 4");

    // One episode wider than the others: named against the first.
    freshData();
    EpisodeWriter.write(TinyDataset.episode(0, 4, 28, 28, 3, 4), episode);
    stopsBeforeTraining(RECIPE, "error: " + episode + ": /action: has 3 values per step but "
        + data.resolve("episodes/episode_000.hdf5") + " has 2");
  }

  @Test
  void imagesOfTheWrongRank() throws IOException {
    freshData();
    writeRaw(episode, new float[4][2], new float[4][4], new byte[4][28][28]);
    stopsBeforeTraining(RECIPE, "error: " + episode + ": /observations/images/top: has shape [4, 28, 28]; expected (T, H, W, 3)");
  }

  @Test
  void vqaEntryWhoseImageIsMissing() throws IOException {
    freshData();
    Files.delete(data.resolve("images/scene_2.png"));
    stopsBeforeTraining(RECIPE, "error: " + data.resolve("vqa.json") + ": sample 2: image: 'scene_2.png' not found as "
        + data.resolve("images/scene_2.png"));
  }

  @Test
  void recipeWithAnUnknownKeyOrAnImpossibleValue() throws IOException {
    freshData();
    stopsBeforeTraining(RECIPE.replace("\"steps\": 2, \"batch_size\": 2, \"lr_schedule\": {\"type\": \"constant\", \"lr\": 0.001}}]",
        "\"stepz\": 2, \"batch_size\": 2, \"lr_schedule\": {\"type\": \"constant\", \"lr\": 0.001}}]"),
        "recipe" + cases + ".json: stages[1].stepz is not a known key; known here: name, data, frozen");
    stopsBeforeTraining(RECIPE.replace("{\"type\": \"constant\", \"lr\": 0.001}}]",
        "{\"type\": \"warmup-cosine\", \"peak_lr\": 0.001, \"warmup_ratio\": 1.5}}]"),
        "stages[1].lr_schedule.warmup_ratio must be in [0, 1), got 1.5");
    // Impossible for this model: a frozen pattern that matches no parameter.
    stopsBeforeTraining(RECIPE.replace("\"reasoning\": true},", "\"reasoning\": true}, \"frozen\": [\"no_such_layer\"],"),
        "stages[1].frozen[0] 'no_such_layer' matches no parameter of the model");
  }

  /** A 4-step episode in the DexVLA layout with the given arrays; {@code qpos} null leaves the dataset out. */
  private static void writeRaw(Path file, float[][] action, float[][] qpos, Object frames) {
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      hdf.putDataset("action", action);
      WritableGroup obs = hdf.putGroup("observations");
      if (qpos != null) {
        obs.putDataset("qpos", qpos);
      }
      obs.putGroup("images").putDataset("top", frames, DatasetCreationOptions.builder().unsigned().build());
      hdf.putDataset("language_raw", new String[] {"push the red block to the left"});
      hdf.putDataset("substep_reasonings", new String[] {"a.", "b.", "c.", "d."});
    }
  }
}
