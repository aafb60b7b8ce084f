package org.chatvla4j.world.vqa;

import static org.chatvla4j.world.vqa.Phrases.fill;
import static org.chatvla4j.world.vqa.Phrases.pick;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chatvla4j.world.vqa.Phrases.Filter;
import org.chatvla4j.world.vqa.Phrases.Ref;
import org.chatvla4j.world.vqa.QuestionTemplate.Candidate;

/** Zero-hop templates: query color/shape, exist, count and the three count comparisons (CLEVR zero_hop, compare_integer). */
final class AttributeTemplates {
  private AttributeTemplates() {}

  static List<QuestionTemplate> all() {
    return List.of(
        query("query_color", QuestionFamily.QUERY_COLOR, AnswerType.COLOR, "query_color",
            List.of("What color is the {ref}?", "What is the color of the {ref}?", "Which color is the {ref}?")),
        query("query_shape", QuestionFamily.QUERY_SHAPE, AnswerType.SHAPE, "query_shape",
            List.of("What shape is the {ref}?", "What is the shape of the {ref}?", "Which shape is the {ref}?")),
        exist(),
        count(),
        compare("compare_more", "greater_than",
            List.of("Are there more {f1s} than {f2s}?", "Is the number of {f1s} greater than the number of {f2s}?")),
        compare("compare_fewer", "less_than",
            List.of("Are there fewer {f1s} than {f2s}?", "Is the number of {f1s} less than the number of {f2s}?")),
        compare("compare_equal", "equal_integer",
            List.of("Are there as many {f1s} as {f2s}?", "Is the number of {f1s} the same as the number of {f2s}?",
                "Are there an equal number of {f1s} and {f2s}?")));
  }

  /** "What color is the moon?": the reference must not name the attribute asked for (CLEVR's NULL constraint). */
  private static QuestionTemplate query(
      String id, QuestionFamily family, AnswerType type, String function, List<String> texts) {
    boolean askColor = type == AnswerType.COLOR;
    return new QuestionTemplate(id, family, type, (f, rng, sink) -> {
      for (Ref ref : Phrases.allRefs(f, askColor ? Phrases.WITHOUT_COLOR : Phrases.WITHOUT_SHAPE, rng)) {
        Program.Builder p = new Program.Builder();
        p.add(function, null, p.refer(ref));
        Map<String, String> params = Phrases.params();
        ref.putParams(params, "ref", f);
        String text = fill(pick(rng, texts), Map.of("ref", ref.phrase()));
        if (sink.offer(new Candidate(text, p.build(), params))) {
          return;
        }
      }
    });
  }

  private static QuestionTemplate exist() {
    List<String> texts = List.of("Is there a {f}?", "Are there any {fs}?", "Is there a {f} on the table?",
        "Are there any {fs} on the board?");
    return new QuestionTemplate("exist", QuestionFamily.EXIST, AnswerType.YES_NO, (f, rng, sink) -> {
      for (Filter filter : Phrases.shuffled(Filter.all(), rng)) {
        if (filter.isEmpty()) {
          continue;
        }
        Program.Builder p = new Program.Builder();
        p.add("exist", null, p.filter(p.scene(), filter.color(), filter.shape()));
        Map<String, String> params = Phrases.params();
        filter.putParams(params, "filter");
        String text = fill(pick(rng, texts), Map.of("f", filter.singular(), "fs", filter.plural()));
        if (sink.offer(new Candidate(text, p.build(), params))) {
          return;
        }
      }
    });
  }

  private static QuestionTemplate count() {
    List<String> texts = List.of("How many {fs} are there?", "How many {fs} are on the table?",
        "What number of {fs} are there?", "How many {fs} can you see?");
    return new QuestionTemplate("count", QuestionFamily.COUNT, AnswerType.NUMBER, (f, rng, sink) -> {
      for (Filter filter : Phrases.shuffled(Filter.all(), rng)) {
        Program.Builder p = new Program.Builder();
        p.add("count", null, p.filter(p.scene(), filter.color(), filter.shape()));
        Map<String, String> params = Phrases.params();
        filter.putParams(params, "filter");
        String text = fill(pick(rng, texts), Map.of("fs", filter.plural()));
        if (sink.offer(new Candidate(text, p.build(), params))) {
          return;
        }
      }
    });
  }

  /**
   * Two non-empty filters, neither contained in the other ("red blocks" vs "red moons" would be answered by logic
   * alone), whose block sets differ on this scene (CLEVR's OUT_NEQ).
   */
  private static QuestionTemplate compare(String id, String function, List<String> texts) {
    return new QuestionTemplate(id, QuestionFamily.COMPARE_COUNT, AnswerType.YES_NO, (f, rng, sink) -> {
      List<Filter> filters = new ArrayList<>();
      for (Filter filter : Filter.all()) {
        if (!filter.isEmpty()) {
          filters.add(filter);
        }
      }
      List<Filter[]> pairs = new ArrayList<>();
      for (Filter a : filters) {
        for (Filter b : filters) {
          if (!a.narrowerOrEqual(b) && !b.narrowerOrEqual(a) && a.mask(f) != b.mask(f)) {
            pairs.add(new Filter[] {a, b});
          }
        }
      }
      for (Filter[] pair : Phrases.shuffled(pairs, rng)) {
        Program.Builder p = new Program.Builder();
        int c1 = p.add("count", null, p.filter(p.scene(), pair[0].color(), pair[0].shape()));
        int c2 = p.add("count", null, p.filter(p.scene(), pair[1].color(), pair[1].shape()));
        p.add(function, null, c1, c2);
        Map<String, String> params = Phrases.params();
        pair[0].putParams(params, "filter1");
        pair[1].putParams(params, "filter2");
        params.put("comparison", function);
        String text = fill(pick(rng, texts), Map.of("f1s", pair[0].plural(), "f2s", pair[1].plural()));
        if (sink.offer(new Candidate(text, p.build(), params))) {
          return;
        }
      }
    });
  }
}
