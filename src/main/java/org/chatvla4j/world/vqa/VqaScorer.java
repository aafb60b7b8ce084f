package org.chatvla4j.world.vqa;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Exact-match VQA accuracy after {@link AnswerNormalizer}, overall, per {@link QuestionFamily} and per {@link
 * AnswerType} (CLEVR reports by answer kind: exist, count, query attribute, compare…).
 */
public final class VqaScorer {
  /** Correct and total counts of one group. */
  public record Tally(int correct, int total) {
    public double accuracy() {
      return total == 0 ? Double.NaN : (double) correct / total;
    }

    Tally add(boolean right) {
      return new Tally(correct + (right ? 1 : 0), total + 1);
    }
  }

  private static final Tally EMPTY = new Tally(0, 0);

  private final Map<QuestionFamily, Tally> byFamily = new EnumMap<>(QuestionFamily.class);
  private final Map<AnswerType, Tally> byAnswerType = new EnumMap<>(AnswerType.class);
  private Tally overall = EMPTY;

  /** Scores one prediction and returns whether it was right. */
  public boolean add(Question question, String prediction) {
    Objects.requireNonNull(question, "question");
    boolean right = AnswerNormalizer.matches(prediction, question.answer());
    byFamily.put(question.family(), byFamily.getOrDefault(question.family(), EMPTY).add(right));
    byAnswerType.put(question.answerType(), byAnswerType.getOrDefault(question.answerType(), EMPTY).add(right));
    overall = overall.add(right);
    return right;
  }

  public Tally overall() {
    return overall;
  }

  /** Families with at least one scored question. */
  public Map<QuestionFamily, Tally> byFamily() {
    return new EnumMap<>(byFamily);
  }

  public Map<AnswerType, Tally> byAnswerType() {
    return new EnumMap<>(byAnswerType);
  }
}
