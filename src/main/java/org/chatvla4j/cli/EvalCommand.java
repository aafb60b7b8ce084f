package org.chatvla4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.eval.EvalCheckpoint;
import org.chatvla4j.eval.EvalResult;
import org.chatvla4j.eval.EvalSettings;
import org.chatvla4j.eval.Evaluation;
import org.chatvla4j.eval.ReportFiles;
import org.chatvla4j.eval.EvalSummary;
import org.chatvla4j.policy.ChatVlaPolicy;
import org.chatvla4j.tensor.Device;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalConfig;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.vqa.QuestionFamily;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatvla eval --model DIR}: closed-loop tabletop success and held-out VQA accuracy, beside baselines. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a checkpoint in the built-in tabletop: closed-loop success per task family (seeded layouts, the model",
      "acting through its control expert and action head) beside a zero-action and a random policy, and VQA accuracy",
      "per question family on held-out scenes (greedy answers from the understanding expert) beside the majority",
      "answer. Writes OUT/report.json, OUT/report.md, OUT/success.png, OUT/vqa.png and chat transcripts."
    })
public final class EvalCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint directory (config.json, weights, tokenizer.json, dataset_stats.json).")
  Path model;

  @Option(names = "--episodes", paramLabel = "N", defaultValue = "10", description = "Episodes per family (default: ${DEFAULT-VALUE}; the official protocol uses 50).")
  int episodes;

  @Option(names = "--families", split = ",", paramLabel = "F", description = "Task families (default: the five eval families).")
  List<String> families;

  @Option(names = "--question-families", split = ",", paramLabel = "Q", description = "VQA question families (default: all "
      + "but arm_direction, which asks which way a block lies from the arm in the reasoning's eight headings: a check of "
      + "what the heading needs; 'all' asks every family, e.g. --question-families all).")
  List<String> questionFamilies;

  @Option(names = "--questions", paramLabel = "N", defaultValue = "200", description = "VQA questions, 5 per held-out scene (default: ${DEFAULT-VALUE}).")
  int questions;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "" + EvalSettings.DEFAULT_SEED,
      description = "Base seed of the rollouts; the VQA scenes use S xor a salt (default: ${DEFAULT-VALUE}, not world generate's 0).")
  long seed;

  @Option(names = "--size", paramLabel = "HxW", description = "Camera frame size (default: the size the checkpoint's "
      + "dataset_stats.json records for its first camera, else 180x320); must be the size the model was trained on.")
  String size;

  @Option(names = "--blocks", paramLabel = "SET", description = "Block set (default: the set the checkpoint's "
      + "dataset_stats.json records, else BLOCK_8); another set is allowed, as a test on blocks the model was not trained on.")
  String blocks;

  @Option(names = "--max-steps", paramLabel = "N", defaultValue = "200", description = "Step limit per episode (default: ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(names = "--actions-per-query", paramLabel = "N", defaultValue = "8", description = "Actions executed per predicted chunk (default: ${DEFAULT-VALUE}).")
  int actionsPerQuery;

  @Option(names = "--out", paramLabel = "DIR", description = "Report directory (default: MODEL/../eval-<dir name>).")
  Path out;

  @Option(names = "--gif", description = "Also save the model's first episode of each family as OUT/gifs/<family>_0.gif.")
  boolean gif;

  @Option(names = "--no-progress", description = "Do not draw progress bars.")
  boolean noProgress;

  @CommandLine.Mixin DeviceOption device;

  @Override
  public Integer call() throws Exception {
    // Flags first, then the checkpoint: both fail before any weights are read.
    EvalSettings flags = settings(episodes, families, questions, seed, size == null ? DEFAULT_SIZE : size,
        blocks == null ? DEFAULT_BLOCKS.name() : blocks, maxSteps, actionsPerQuery)
        .withQuestionFamilies(QuestionFamily.parseList(questionFamilies));
    Device where = device.resolveBeforeLoading();
    Path dir = out != null ? out : defaultOut(model);
    EvalCheckpoint.check(model);
    PrintWriter o = spec.commandLine().getOut();
    Recorded recorded = Recorded.of(model);
    EvalSettings settings = flags.withImageSize(frameSize(size, recorded))
        .withRollouts(flags.rollouts().withBlockSet(blockSet(blocks, recorded, o)));
    EvalCheckpoint checkpoint = EvalCheckpoint.open(model, System.err, where);
    o.printf(Locale.ROOT, "evaluating %s: %s x %d episode(s), %d VQA questions on held-out scenes -> %s%n", checkpoint.id(),
        settings.rollouts().families(), settings.rollouts().episodesPerFamily(), settings.vqaScenes() * settings.questionsPerScene(), dir);
    o.flush();
    Evaluation evaluation = new Evaluation(settings).progress(!noProgress);
    if (gif) {
      evaluation.gifs(dir.resolve("gifs"));
    }
    EvalResult result = evaluation.run(checkpoint);
    ReportFiles.write(result, dir);
    o.print(EvalSummary.of(result));
    o.println("report: " + dir.resolve(ReportFiles.MARKDOWN).toAbsolutePath());
    o.flush();
    return 0;
  }

  /** Builds and validates the settings from the command-line values (shared with the demo and the experiment). */
  static EvalSettings settings(int episodes, List<String> families, int questions, long seed, String size, String blocks,
      int maxSteps, int actionsPerQuery) {
    if (episodes <= 0) {
      throw new IllegalArgumentException("--episodes must be positive, got " + episodes);
    }
    if (questions <= 0) {
      throw new IllegalArgumentException("--questions must be positive, got " + questions);
    }
    List<TaskFamily> fams = families == null || families.isEmpty()
        ? TaskFamily.EVAL_FAMILIES : families.stream().map(TaskFamily::parse).toList();
    EvalSettings base = EvalSettings.standard(episodes, questions, seed);
    return base.withRollouts(new EvalConfig(fams, episodes, maxSteps, BlockSet.parse(blocks), seed))
        .withImageSize(ImageSizes.parse(size, "--size"))
        .withBudgets(actionsPerQuery, base.reasoningTokens(), base.answerTokens());
  }

  /** A checkpoint's dataset_stats.json, read once for every default it sets; no stats when the file is absent. */
  record Recorded(Path file, Optional<DatasetStats> stats) {
    static Recorded of(Path model) throws IOException {
      Path file = model.resolve(ChatVlaPolicy.STATS_FILE);
      return new Recorded(file, Files.isRegularFile(file) ? Optional.of(DatasetStats.read(file)) : Optional.empty());
    }
  }

  /** Language-Table's camera frame, for checkpoints that do not record theirs. */
  static final String DEFAULT_SIZE = "180x320";

  /**
   * The frame size to evaluate at: {@code --size} when given, else the first camera's size recorded in the checkpoint's
   * dataset_stats.json, else {@link #DEFAULT_SIZE}. A {@code --size} other than the recorded one is refused: the ViT
   * takes any size, so the model would answer frames unlike any it learned on and the numbers would mean nothing.
   */
  static ImageSize frameSize(String size, Recorded recorded) {
    Path statsFile = recorded.file();
    Optional<ImageSize> trained =
        recorded.stats().flatMap(DatasetStats::firstCameraSize).map(t -> new ImageSize(t.height(), t.width()));
    if (size == null) {
      return trained.orElseGet(ImageSize::languageTable);
    }
    ImageSize asked = ImageSizes.parse(size, "--size");
    if (trained.isPresent() && !trained.get().equals(asked)) {
      throw new IllegalArgumentException("--size " + size + " differs from the " + trained.get().height() + "x"
          + trained.get().width() + " frames the model was trained on (" + statsFile + "); drop --size to use them");
    }
    return asked;
  }

  /** Language-Table's evaluation blocks, for checkpoints that do not record theirs. */
  static final BlockSet DEFAULT_BLOCKS = BlockSet.BLOCK_8;

  /**
   * The block set to evaluate on: {@code --blocks} when given, else the set recorded in the checkpoint's
   * dataset_stats.json, else {@link #DEFAULT_BLOCKS}. Unlike a frame size, another set is a meaningful test (blocks the
   * model never learned to name), so it is allowed and {@code log} says so.
   */
  static BlockSet blockSet(String blocks, Recorded recorded, PrintWriter log) {
    Path statsFile = recorded.file();
    Optional<String> trained = recorded.stats().flatMap(DatasetStats::blockSet);
    if (blocks == null) {
      try {
        return trained.map(BlockSet::parse).orElse(DEFAULT_BLOCKS);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(statsFile + " block_set: " + e.getMessage() + "; fix the file or pass --blocks");
      }
    }
    BlockSet asked = BlockSet.parse(blocks);
    if (trained.isPresent() && !trained.get().equals(asked.name())) {
      log.printf(Locale.ROOT, "note: evaluating on %s; the model was trained on %s (%s)%n", asked, trained.get(), statsFile);
    }
    return asked;
  }

  static Path defaultOut(Path model) {
    Path abs = model.toAbsolutePath().normalize();
    Path parent = abs.getParent() == null ? abs : abs.getParent();
    return parent.resolve("eval-" + abs.getFileName());
  }
}
