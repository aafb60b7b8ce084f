package org.chatvla4j.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.chatvla4j.data.DatasetDirectory;
import org.chatvla4j.data.ExistingOutput;
import org.chatvla4j.world.dataset.DatasetGenerator;
import org.chatvla4j.world.dataset.GenerateConfig;
import org.chatvla4j.world.dataset.WorldJson;
import org.chatvla4j.world.vqa.QuestionFamily;

/**
 * Makes the training data with {@code world generate}'s generator, or reuses a complete dataset generated with the same
 * settings: its {@code world.json} config must equal the one asked for in every field but the threads, which never
 * change the files.
 */
public final class DatasetStep {
  /** Whether the data was reused, its episode count and the seconds spent generating now. */
  public record Outcome(boolean reused, int episodes, double seconds) {}

  /** experiment paper has no --fresh, so the fix names the directory as well. */
  private static String fix(Path dir) {
    return "regenerate it (demo: --fresh; otherwise delete " + dir + "), or use another --out";
  }

  private DatasetStep() {}

  public static Outcome generateOrReuse(GenerateConfig config, Path dir, String toolVersion, boolean progress) {
    Path manifest = dir.resolve(DatasetDirectory.MANIFEST_JSON);
    if (Files.isRegularFile(manifest)) {
      return new Outcome(true, checkReusable(config, dir, manifest).episodes(), 0);
    }
    long t0 = System.nanoTime();
    DatasetGenerator.Report r = new DatasetGenerator(config, toolVersion).progress(progress).generate(dir, ExistingOutput.REFUSE_NON_EMPTY);
    return new Outcome(false, r.keptTotal(), (System.nanoTime() - t0) / 1e9);
  }

  /** The dataset's recorded config, once it is known to match {@code asked}; the error lists every field that differs. */
  private static GenerateConfig checkReusable(GenerateConfig asked, Path dir, Path manifest) {
    Path world = dir.resolve(WorldJson.FILE_NAME);
    if (!Files.isRegularFile(world)) {
      // Without it the settings the data was made with are unknown, so reusing it could train on the wrong data.
      throw new IllegalArgumentException(manifest + " has no " + WorldJson.FILE_NAME + " beside it (" + world
          + " is missing), so the settings it was generated with cannot be checked; " + fix(dir));
    }
    GenerateConfig have = WorldJson.readGenerateConfig(world, asked.threads());
    List<String> diffs = new ArrayList<>();
    differ(diffs, "episodes", have.episodes(), asked.episodes());
    differ(diffs, "families", have.families(), asked.families());
    differ(diffs, "block_set", have.blockSet(), asked.blockSet());
    differ(diffs, "seed", have.seed(), asked.seed());
    differ(diffs, "height", have.imageSize().height(), asked.imageSize().height());
    differ(diffs, "width", have.imageSize().width(), asked.imageSize().width());
    differ(diffs, "questions_per_scene", have.questionsPerScene(), asked.questionsPerScene());
    differ(diffs, "later_scenes", have.laterScenes(), asked.laterScenes());
    differ(diffs, "max_steps", have.maxSteps(), asked.maxSteps());
    differ(diffs, "action_noise", have.actionNoise(), asked.actionNoise());
    differ(diffs, "question_families", keys(have), keys(asked));
    if (!diffs.isEmpty()) {
      throw new IllegalArgumentException(world + " was generated with other settings than this run asks for: "
          + String.join(", ", diffs) + "; " + fix(dir));
    }
    return have;
  }

  private static List<String> keys(GenerateConfig c) {
    return c.questionFamilies().stream().map(QuestionFamily::key).toList();
  }

  private static void differ(List<String> out, String field, Object dataset, Object asked) {
    if (!Objects.equals(dataset, asked)) {
      out.add(field + ": " + dataset + " in the dataset, " + asked + " asked");
    }
  }
}
