package org.chatvla4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.train.EvalHook;

/**
 * The trainer's periodic VQA check: mean accuracy over question families on a fixed set of held-out scenes (the same
 * scenes and questions at every call), recorded with the stage and step for the forgetting curve, and the same mean
 * with each question shown another scene's image (logged beside it, see {@link VqaEval}).
 */
public final class VqaAccuracyHook implements EvalHook {
  /** One measurement: where in the run, and the mean VQA accuracy over families. */
  public record Point(int stage, String stageName, int step, long globalStep, double accuracy) {}

  private final EvalSettings settings;
  private final List<Point> points = new ArrayList<>();

  public VqaAccuracyHook(EvalSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "vqa";
  }

  @Override
  public Map<String, Double> evaluate(ChatVla model, EvalPoint point) {
    VqaEval.Result r = new VqaEval(settings.withVqa(settings.vqaScenes(), settings.questionsPerScene(), 0)).progress(false).run(model);
    points.add(new Point(point.stage(), point.stageName(), point.step(), point.globalStep(), r.meanAccuracy()));
    // metrics.jsonl keeps both, so a run's log shows when (or whether) its answers start to depend on the image.
    return Map.of("accuracy", r.meanAccuracy(), "other_scene_accuracy", r.meanOtherSceneAccuracy());
  }

  public List<Point> points() {
    return List.copyOf(points);
  }
}
