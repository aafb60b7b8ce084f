package org.chatvla4j.world.vqa;

import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A question template: an id, its family and answer type, and a source that enumerates instantiations on a scene in
 * a seeded random order (CLEVR's DFS over parameter values, with its {@code NULL} and {@code OUT_NEQ} constraints and
 * its non-trivial relate filters applied while enumerating). The generator checks each candidate's answer, its
 * ambiguity and the answer balance.
 */
record QuestionTemplate(String id, QuestionFamily family, AnswerType answerType, Source source) {
  QuestionTemplate {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(answerType, "answerType");
    Objects.requireNonNull(source, "source");
  }

  /** One instantiation: the question text, its program and the structured facts it names. */
  record Candidate(String text, Program program, Map<String, String> params) {}

  /** Receives candidates; returns true to stop the enumeration. */
  interface Sink {
    boolean offer(Candidate candidate);
  }

  /** Enumerates candidates into the sink until it asks to stop or none are left. */
  interface Source {
    void offer(SceneFacts facts, RandomGenerator rng, Sink sink);
  }

  void offerCandidates(SceneFacts facts, RandomGenerator rng, Sink sink) {
    source.offer(facts, rng, sink);
  }
}
