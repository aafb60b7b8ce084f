package org.chatvla4j.world.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.chatvla4j.data.DatasetStaging;
import org.chatvla4j.data.VqaSample;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.vqa.Caption;
import org.chatvla4j.world.vqa.CaptionGenerator;
import org.chatvla4j.world.vqa.Question;
import org.chatvla4j.world.vqa.QuestionGenerator;
import org.chatvla4j.world.vqa.VqaConfig;

/**
 * The VQA and caption side of a generated dataset: for each kept episode, in order, picks the reset scene and {@code
 * laterScenes} later ones ({@link #capturedSteps}), writes their camera frames as PNGs, asks {@code
 * questionsPerScene} questions about each with one {@link QuestionGenerator} (its answer balancing runs across the
 * whole dataset) and captions each with one {@link CaptionGenerator}. Not thread-safe: the generator's order is the
 * dataset's order.
 */
final class SceneQuestions {
  static final String CAPTIONS_JSON = "captions.json";

  private final GenerateConfig config;
  private final QuestionGenerator questions;
  private final CaptionGenerator captions;
  private final SplittableRandom questionRng;
  private final SplittableRandom captionRng;
  private final List<VqaSample> vqa = new ArrayList<>();
  private final List<VqaSample> captionSamples = new ArrayList<>();
  private final List<WorldJson.ImageEntry> images = new ArrayList<>();
  private final List<WorldJson.QuestionEntry> entries = new ArrayList<>();
  private final Map<String, Integer> families = new TreeMap<>();

  SceneQuestions(GenerateConfig config, long questionSeed, long captionSeed) {
    this.config = config;
    VqaConfig vqaConfig = VqaConfig.defaults().withQuestionsPerScene(config.questionsPerScene());
    this.questions = new QuestionGenerator(vqaConfig, config.questionFamilies());
    this.captions = new CaptionGenerator(vqaConfig);
    this.questionRng = new SplittableRandom(questionSeed);
    this.captionRng = new SplittableRandom(captionSeed);
  }

  /**
   * The scene indices captured from an episode of {@code steps} steps: 0 (the reset scene) and {@code round(j·T/L)}
   * for j = 1..L, so the last is the final scene T; duplicates (short episodes) are dropped.
   */
  static List<Integer> capturedSteps(int steps, int laterScenes) {
    TreeSet<Integer> out = new TreeSet<>();
    out.add(0);
    for (int j = 1; j <= laterScenes; j++) {
      out.add((int) Math.round((double) j * steps / laterScenes));
    }
    return List.copyOf(out);
  }

  /** The image name of scene {@code step} of kept episode {@code episode}. */
  static String imageName(int episode, int step) {
    return String.format(Locale.ROOT, "ep%06d_s%04d.png", episode, step);
  }

  void ask(DatasetStaging staging, int episode, String episodeFile, EpisodeRecording recording) {
    for (int step : capturedSteps(recording.steps(), config.laterScenes())) {
      String image = staging.writeImage(imageName(episode, step), recording.frame(step));
      SceneState scene = recording.scene(step);
      images.add(new WorldJson.ImageEntry(image, episodeFile, step, scene));
      String stem = image.substring(0, image.length() - ".png".length());
      List<Question> qs = questions.generate(scene, questionRng);
      for (int i = 0; i < qs.size(); i++) {
        Question q = qs.get(i);
        String id = String.format(Locale.ROOT, "%s_q%02d", stem, i);
        vqa.add(VqaSample.singleTurn(id, image, q.text(), q.answer()));
        entries.add(new WorldJson.QuestionEntry(id, image, q.templateId(), q.family().key()));
        families.merge(q.family().key(), 1, Integer::sum);
      }
      Caption caption = captions.caption(scene, captionRng);
      captionSamples.add(VqaSample.singleTurn(stem + "_caption", image, CAPTION_PROMPT, caption.text()));
    }
  }

  private static final String CAPTION_PROMPT = DatasetGenerator.CAPTION_PROMPT;

  List<VqaSample> vqaSamples() {
    return vqa;
  }

  List<VqaSample> captionSamples() {
    return captionSamples;
  }

  List<WorldJson.ImageEntry> images() {
    return images;
  }

  List<WorldJson.QuestionEntry> questionEntries() {
    return entries;
  }

  Map<String, Integer> questionFamilies() {
    return families;
  }
}
