package org.chatvla4j.train;

import java.util.Map;
import org.chatvla4j.model.ChatVla;

/**
 * A periodic evaluation during training (VQA accuracy on held-out questions, closed-loop success, ...). The trainer
 * calls it every {@code eval_every} steps and at each stage end, with the model in eval mode inside a native-memory
 * scope; the returned metrics go to {@code metrics.jsonl} and the eval plot as {@code name/metric}.
 */
public interface EvalHook {
  /** A short name, the prefix of its metrics (e.g. {@code vqa}). */
  String name();

  /** Measures {@code model} at {@code point}; must not change its weights. */
  Map<String, Double> evaluate(ChatVla model, EvalPoint point);

  /** Where in the run an evaluation happens. */
  record EvalPoint(int stage, String stageName, int step, long globalStep) {}
}
