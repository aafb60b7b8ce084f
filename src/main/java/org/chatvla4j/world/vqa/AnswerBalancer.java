package org.chatvla4j.world.vqa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CLEVR's answer rejection sampling ({@code instantiate_templates_dfs}), per template over the template's answer
 * space: an answer is refused when its running count exceeds 1.1 × the second-highest count, or 5 × max(median, 5).
 * So after every accepted question the most frequent answer of a template is at most 1.1 × the runner-up + 1 (yes/no
 * stays within 10 % + 1 of 50/50). The counts restart when {@link #reset} is called (every 250 scenes in CLEVR).
 */
final class AnswerBalancer {
  private final Map<String, Map<String, Integer>> counts = new HashMap<>();

  boolean accepts(QuestionTemplate template, String answer) {
    Map<String, Integer> c = countsOf(template);
    c.putIfAbsent(answer, 0);
    int current = c.get(answer);
    List<Integer> sorted = new ArrayList<>(c.values());
    Collections.sort(sorted);
    int second = sorted.get(sorted.size() - 2);
    int median = Math.max(sorted.get(sorted.size() / 2), 5);
    return current <= 1.1 * second && current <= 5.0 * median;
  }

  void record(QuestionTemplate template, String answer) {
    countsOf(template).merge(answer, 1, Integer::sum);
  }

  void reset() {
    counts.clear();
  }

  /** Current counts of one template's answers (a copy). */
  Map<String, Integer> counts(QuestionTemplate template) {
    return new LinkedHashMap<>(countsOf(template));
  }

  private Map<String, Integer> countsOf(QuestionTemplate template) {
    return counts.computeIfAbsent(template.id(), id -> {
      Map<String, Integer> m = new LinkedHashMap<>();
      for (String a : template.answerType().vocabulary()) {
        m.put(a, 0);
      }
      return m;
    });
  }
}
