package org.chatvla4j.world.vqa;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A generated question with its answer, the functional program that computes the answer from the scene, and the
 * structured facts it was built from ({@code params}: the blocks it names as Language-Table ids, the phrases used for
 * them, filters, relations, regions), so the answer can be re-derived independently of the program.
 */
public record Question(
    String templateId,
    QuestionFamily family,
    AnswerType answerType,
    String text,
    String answer,
    Program program,
    Map<String, String> params) {

  public Question {
    Objects.requireNonNull(templateId, "templateId");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(answerType, "answerType");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(program, "program");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }
}
