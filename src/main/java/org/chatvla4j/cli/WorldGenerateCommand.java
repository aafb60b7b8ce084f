package org.chatvla4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.chatvla4j.data.DatasetManifest;
import org.chatvla4j.data.ExistingOutput;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.dataset.DatasetGenerator;
import org.chatvla4j.world.dataset.GenerateConfig;
import org.chatvla4j.world.vqa.QuestionFamily;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatvla world generate}: oracle episodes (DexVLA HDF5), questions and captions (LLaVA json) in one directory. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Record successful push-oracle episodes as DexVLA HDF5 files (camera 'top') under DIR/episodes, with",
      "CLEVR-style questions (DIR/vqa.json) and captions (DIR/captions.json) about their reset and later scenes",
      "(PNGs under DIR/images), the scenes behind them (DIR/world.json) and DIR/manifest.json. The directory appears",
      "only when complete. Same arguments give the same files."
    })
final class WorldGenerateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--episodes", paramLabel = "N", required = true, description = "Successful episodes to keep.")
  int episodes;

  @Option(
      names = "--families",
      paramLabel = "F",
      split = ",",
      description = "Comma-separated task families, taken in turn (default: the five eval families); also point2block.")
  List<String> families;

  @Option(
      names = "--question-families",
      paramLabel = "Q",
      split = ",",
      description = "VQA question families asked about the captured scenes (default: all but arm_direction, which "
          + "asks which way a block lies from the arm; 'all' asks every family).")
  List<String> questionFamilies;

  @Option(
      names = "--blocks",
      paramLabel = "SET",
      description = "Block set: BLOCK_4, BLOCK_8 or N_CHOOSE_K (default: ${DEFAULT-VALUE}).",
      defaultValue = "BLOCK_8")
  String blocks;

  @Option(names = "--seed", paramLabel = "S", description = "Base seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
  long seed;

  @Option(
      names = "--size",
      paramLabel = "HxW",
      description = "Camera frame size (default: ${DEFAULT-VALUE}, Language-Table's).",
      defaultValue = "180x320")
  String size;

  @Option(
      names = "--questions-per-scene",
      paramLabel = "K",
      description = "Questions per captured scene (default: ${DEFAULT-VALUE}).",
      defaultValue = "5")
  int questionsPerScene;

  @Option(
      names = "--later-scenes",
      paramLabel = "L",
      description = "Scenes captured per episode besides the reset scene (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int laterScenes;

  @Option(
      names = "--max-steps",
      paramLabel = "N",
      description = "Step limit per attempt (default: ${DEFAULT-VALUE}).",
      defaultValue = "200")
  int maxSteps;

  @Option(
      names = "--action-noise",
      paramLabel = "STD",
      description = {
        "Std (m) of zero-mean Gaussian noise added per axis to each action the oracle executes, while the oracle's",
        "clean action stays the recorded label (DART): the episodes then also show states off the oracle's path and",
        "how it recovers from them, the states a trained policy drifts into. 0 = the oracle's own path",
        "(default: ${DEFAULT-VALUE}); 0.005 (a third of a typical step) keeps 98 %% of attempts; below 0.035."
      },
      defaultValue = "0")
  double actionNoise;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Worker threads (default: min(4, cores)); the files do not depend on it.")
  Integer threads;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory (new or empty).")
  Path out;

  @Option(names = "--replace", description = "Replace a dataset this tool wrote at DIR (swapped in when complete).")
  boolean replace;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Override
  public Integer call() {
    GenerateConfig defaults = GenerateConfig.defaults(Math.max(1, episodes));
    GenerateConfig config =
        new GenerateConfig(
            episodes,
            families == null || families.isEmpty() ? TaskFamily.EVAL_FAMILIES : families.stream().map(TaskFamily::parse).toList(),
            BlockSet.parse(blocks),
            seed,
            ImageSizes.parse(size, "--size"),
            questionsPerScene,
            laterScenes,
            maxSteps,
            actionNoise,
            threads == null ? defaults.threads() : threads,
            QuestionFamily.parseList(questionFamilies));
    PrintWriter o = spec.commandLine().getOut();
    o.printf("generating %d episode(s) of %s with %s at %dx%d, seed %d%s, %d thread(s) -> %s%n", config.episodes(),
        config.families(), config.blockSet(), config.imageSize().height(), config.imageSize().width(), config.seed(),
        config.actionNoise() > 0 ? ", action noise " + config.actionNoise() + " m" : "", config.threads(), out);
    o.flush();
    DatasetGenerator.Report report =
        new DatasetGenerator(config, new VersionProvider().getVersion()[0])
            .progress(!noProgress)
            .generate(out, replace ? ExistingOutput.REPLACE_DATASET : ExistingOutput.REFUSE_NON_EMPTY);
    DatasetManifest m = report.manifest();
    o.print(report.summary());
    o.printf("content sha256 %s%n", m.contentSha256());
    o.flush();
    return 0;
  }
}
