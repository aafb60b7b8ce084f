package org.chatvla4j.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.GenerationConfig;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.dataset.DatasetGenerator;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.render.SceneRenderer;
import org.chatvla4j.world.vqa.AnswerNormalizer;
import org.chatvla4j.world.vqa.Question;
import org.chatvla4j.world.vqa.QuestionFamily;
import org.chatvla4j.world.vqa.QuestionGenerator;
import org.chatvla4j.world.vqa.VqaConfig;
import org.chatvla4j.world.vqa.VqaScorer;

/**
 * VQA accuracy on held-out scenes. Scene {@code i} is the reset layout of a {@link TabletopEnv} (families in turn)
 * seeded with {@code RolloutRunner.episodeSeed(settings.vqaSeed(), i)}: {@code world generate} draws its scenes from
 * {@code episodeSeed(dataSeed, i)} and their continuations, so with {@code vqaSeed = seed ^ VQA_SCENE_SALT} the two
 * 64-bit seed streams do not meet. Questions come from one seeded {@link QuestionGenerator}, answers from greedy
 * {@link ChatVla#generateText} (expert 0), scoring from {@link VqaScorer}. Two baselines on the same questions:
 * <ul>
 *   <li>the majority answer: each family's most frequent gold answer (ties: alphabetical), at least as strong as the
 *       training-set prior;
 *   <li>another scene's image: the same model answers each question shown the image of the next held-out scene
 *       (scene i + 1, the last one the first). A model that reads the question and not the image scores the same
 *       with either image; the tabletop's fixed block sets make many answers guessable from the words alone (BLOCK_8
 *       always holds the same eight blocks), so this, not the majority answer, says whether the model looks.
 * </ul>
 */
public final class VqaEval {
  /** The caption prompt of {@code world generate}'s captions.json, asked in the transcripts. */
  public static final String CAPTION_PROMPT = DatasetGenerator.CAPTION_PROMPT;

  /**
   * One question with the gold answer, the model's answer and whether it matched, and the same for the model's answer
   * when shown another scene's image.
   */
  public record Answer(int scene, QuestionFamily family, String question, String gold, String predicted, boolean correct,
      String otherScenePredicted, boolean otherSceneCorrect) {}

  /** A transcript scene: its image, the caption the model gave, and its questions. */
  public record ChatTranscript(int scene, long seed, RgbImage image, String caption, List<Answer> answers) {}

  /** Accuracy of the model, of the majority answer and of the model shown another scene's image, per family. */
  public record FamilyScore(QuestionFamily family, int correct, int total, String majorityAnswer, int majorityCorrect,
      int otherSceneCorrect) {
    public double accuracy() {
      return (double) correct / total;
    }

    public double majorityAccuracy() {
      return (double) majorityCorrect / total;
    }

    public double otherSceneAccuracy() {
      return (double) otherSceneCorrect / total;
    }
  }

  /** Everything the VQA side measured. */
  public record Result(List<FamilyScore> families, List<Answer> answers, List<ChatTranscript> transcripts) {
    public double meanAccuracy() {
      return families.stream().mapToDouble(FamilyScore::accuracy).average().orElse(Double.NaN);
    }

    public double meanMajorityAccuracy() {
      return families.stream().mapToDouble(FamilyScore::majorityAccuracy).average().orElse(Double.NaN);
    }

    public double meanOtherSceneAccuracy() {
      return families.stream().mapToDouble(FamilyScore::otherSceneAccuracy).average().orElse(Double.NaN);
    }

    /** Correct answers over all questions (families weighted by their counts). */
    public double overallAccuracy() {
      return answers.isEmpty() ? Double.NaN : correct() / (double) answers.size();
    }

    /** The number of questions the model answers right. */
    public int correct() {
      return (int) answers.stream().filter(Answer::correct).count();
    }

    /**
     * The majority baseline over all questions: each family's majority answer, families weighted by their counts. The
     * headline beside {@link #overallAccuracy}, since a family with two questions moves the mean over families by
     * 1/families per answer.
     */
    public double overallMajorityAccuracy() {
      int total = families.stream().mapToInt(FamilyScore::total).sum();
      return total == 0 ? Double.NaN : families.stream().mapToInt(FamilyScore::majorityCorrect).sum() / (double) total;
    }

    /** The model's accuracy over all questions when each is shown another scene's image. */
    public double overallOtherSceneAccuracy() {
      return answers.isEmpty() ? Double.NaN : answers.stream().filter(Answer::otherSceneCorrect).count() / (double) answers.size();
    }

    /** The model against its family's majority answer, question by question. */
    public PairedSignTest vsMajority() {
      Map<QuestionFamily, String> majority = new EnumMap<>(QuestionFamily.class);
      families.forEach(f -> majority.put(f.family(), f.majorityAnswer()));
      boolean[] baseline = new boolean[answers.size()];
      for (int i = 0; i < baseline.length; i++) {
        Answer a = answers.get(i);
        baseline[i] = AnswerNormalizer.matches(majority.get(a.family()), a.gold());
      }
      return PairedSignTest.of("majority answer", modelCorrect(), baseline);
    }

    /** The model against itself shown another scene's image, question by question: does the image decide its answers? */
    public PairedSignTest vsOtherScene() {
      boolean[] baseline = new boolean[answers.size()];
      for (int i = 0; i < baseline.length; i++) {
        baseline[i] = answers.get(i).otherSceneCorrect();
      }
      return PairedSignTest.of("another scene's image", modelCorrect(), baseline);
    }

    private boolean[] modelCorrect() {
      boolean[] out = new boolean[answers.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = answers.get(i).correct();
      }
      return out;
    }
  }

  private final EvalSettings settings;
  private boolean progress = true;

  public VqaEval(EvalSettings settings) {
    this.settings = settings;
  }

  public VqaEval progress(boolean on) {
    this.progress = on;
    return this;
  }

  /** The held-out scenes: reset layouts of the eval block set, families in turn. */
  public static List<SceneState> heldOutScenes(EvalSettings settings) {
    List<SceneState> scenes = new ArrayList<>();
    List<TaskFamily> fams = TaskFamily.EVAL_FAMILIES;
    for (int i = 0; i < settings.vqaScenes(); i++) {
      TabletopEnv env = new TabletopEnv(settings.rollouts().blockSet(), fams.get(i % fams.size()));
      env.reset(RolloutRunner.episodeSeed(settings.vqaSeed(), i));
      scenes.add(env.scene());
    }
    return scenes;
  }

  public Result run(ChatVla model) {
    SceneRenderer renderer = SceneRenderer.languageTable(settings.imageSize());
    List<SceneState> scenes = heldOutScenes(settings);
    QuestionGenerator generator = new QuestionGenerator(VqaConfig.defaults().withQuestionsPerScene(settings.questionsPerScene()),
        settings.questionFamilies());
    SplittableRandom questionRng = new SplittableRandom(settings.vqaSeed());
    GenerationConfig greedy = GenerationConfig.greedy(settings.answerTokens(), Set.of());
    List<Answer> answers = new ArrayList<>();
    List<ChatTranscript> transcripts = new ArrayList<>();
    VqaScorer scorer = new VqaScorer();
    List<RgbImage> images = new ArrayList<>();
    for (SceneState scene : scenes) {
      images.add(RgbImage.of(renderer.render(scene).toBufferedImage()));
    }
    try (ProgressBar bar = progress ? bar(scenes.size()) : null) {
      for (int i = 0; i < scenes.size(); i++) {
        RgbImage image = images.get(i);
        // With a single scene the "other" image is its own, and the baseline equals the model.
        RgbImage otherImage = images.get((i + 1) % images.size());
        List<Answer> sceneAnswers = new ArrayList<>();
        for (Question q : generator.generate(scenes.get(i), questionRng)) {
          // Greedy decoding ignores the generator; a fixed one keeps the call deterministic regardless.
          String predicted = model.generateText(q.text(), List.of(image), greedy, new SplittableRandom(0));
          boolean right = scorer.add(q, predicted);
          String otherPredicted = model.generateText(q.text(), List.of(otherImage), greedy, new SplittableRandom(0));
          sceneAnswers.add(new Answer(i, q.family(), q.text(), q.answer(), predicted, right, otherPredicted,
              AnswerNormalizer.matches(otherPredicted, q.answer())));
        }
        answers.addAll(sceneAnswers);
        if (i < settings.transcripts()) {
          String caption = model.generateText(CAPTION_PROMPT, List.of(image), GenerationConfig.greedy(48, Set.of()),
              new SplittableRandom(0));
          transcripts.add(new ChatTranscript(i, RolloutRunner.episodeSeed(settings.vqaSeed(), i), image, caption, sceneAnswers));
        }
        if (bar != null) {
          bar.setExtraMessage(String.format(java.util.Locale.ROOT, "acc %.0f%%", 100 * scorer.overall().accuracy()));
          bar.step();
        }
      }
    }
    return new Result(familyScores(answers), answers, transcripts);
  }

  /** Per-family model accuracy and the two baselines over {@code answers}. */
  static List<FamilyScore> familyScores(List<Answer> answers) {
    Map<QuestionFamily, List<Answer>> byFamily = new EnumMap<>(QuestionFamily.class);
    for (Answer a : answers) {
      byFamily.computeIfAbsent(a.family(), f -> new ArrayList<>()).add(a);
    }
    List<FamilyScore> out = new ArrayList<>();
    byFamily.forEach((family, list) -> {
      Map<String, Integer> counts = new TreeMap<>();
      for (Answer a : list) {
        counts.merge(AnswerNormalizer.normalize(a.gold()), 1, Integer::sum);
      }
      // TreeMap order + strict max keeps the alphabetically first answer among ties.
      String majority = counts.entrySet().stream().max(Comparator.comparingInt(Map.Entry<String, Integer>::getValue)
          .thenComparing(Map.Entry::getKey, Comparator.reverseOrder())).orElseThrow().getKey();
      int majorityRight = (int) list.stream().filter(a -> AnswerNormalizer.matches(majority, a.gold())).count();
      int right = (int) list.stream().filter(Answer::correct).count();
      int otherRight = (int) list.stream().filter(Answer::otherSceneCorrect).count();
      out.add(new FamilyScore(family, right, list.size(), majority, majorityRight, otherRight));
    });
    return out;
  }

  private static ProgressBar bar(int total) {
    return new ProgressBarBuilder().setTaskName("vqa").setInitialMax(total)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).build();
  }
}
