package org.chatvla4j.world.vqa;

import static org.chatvla4j.world.vqa.Phrases.fill;
import static org.chatvla4j.world.vqa.Phrases.pick;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatvla4j.world.vqa.Phrases.Ref;
import org.chatvla4j.world.vqa.Phrases.RefStyle;
import org.chatvla4j.world.vqa.QuestionTemplate.Candidate;

/** "Is there another block with the same color as …", "how many other …", "do A and B have the same …" (CLEVR same_relate, comparison). */
final class SameAttributeTemplates {
  private SameAttributeTemplates() {}

  static List<QuestionTemplate> all() {
    return List.of(
        sameExist("same_color_exist", QuestionFamily.SAME_COLOR, "same_color", "color", Phrases.NOT_COLOR_ONLY),
        sameCount("same_color_count", QuestionFamily.SAME_COLOR, "same_color", "color", Phrases.NOT_COLOR_ONLY),
        equal("equal_color", QuestionFamily.SAME_COLOR, "query_color", "equal_color", "color", Phrases.WITHOUT_COLOR),
        sameExist("same_shape_exist", QuestionFamily.SAME_SHAPE, "same_shape", "shape", Phrases.NOT_SHAPE_ONLY),
        sameCount("same_shape_count", QuestionFamily.SAME_SHAPE, "same_shape", "shape", Phrases.NOT_SHAPE_ONLY),
        equal("equal_shape", QuestionFamily.SAME_SHAPE, "query_shape", "equal_shape", "shape", Phrases.WITHOUT_SHAPE));
  }

  /**
   * "Is there another block with the same color as the red moon?". "the red block" is not allowed as the reference:
   * it is only said when red is unique, which would give the answer away.
   */
  private static QuestionTemplate sameExist(
      String id, QuestionFamily family, String function, String attribute, Set<RefStyle> styles) {
    List<String> texts = List.of("Is there another block with the same {attr} as the {ref}?",
        "Is there another block that is the same {attr} as the {ref}?",
        "Does any other block have the same {attr} as the {ref}?");
    return new QuestionTemplate(id, family, AnswerType.YES_NO, (f, rng, sink) -> {
      for (Ref ref : Phrases.allRefs(f, styles, rng)) {
        Program.Builder p = new Program.Builder();
        p.add("exist", null, p.add(function, null, p.refer(ref)));
        Map<String, String> params = Phrases.params();
        ref.putParams(params, "ref", f);
        String text = fill(pick(rng, texts), Map.of("attr", attribute, "ref", ref.phrase()));
        if (sink.offer(new Candidate(text, p.build(), params))) {
          return;
        }
      }
    });
  }

  private static QuestionTemplate sameCount(
      String id, QuestionFamily family, String function, String attribute, Set<RefStyle> styles) {
    List<String> texts = List.of("How many other blocks are the same {attr} as the {ref}?",
        "How many other blocks have the same {attr} as the {ref}?");
    return new QuestionTemplate(id, family, AnswerType.NUMBER, (f, rng, sink) -> {
      for (Ref ref : Phrases.allRefs(f, styles, rng)) {
        Program.Builder p = new Program.Builder();
        p.add("count", null, p.add(function, null, p.refer(ref)));
        Map<String, String> params = Phrases.params();
        ref.putParams(params, "ref", f);
        String text = fill(pick(rng, texts), Map.of("attr", attribute, "ref", ref.phrase()));
        if (sink.offer(new Candidate(text, p.build(), params))) {
          return;
        }
      }
    });
  }

  /** "Do the moon and the star have the same color?": both references leave the compared attribute unsaid. */
  private static QuestionTemplate equal(String id, QuestionFamily family, String query, String compare,
      String attribute, Set<RefStyle> styles) {
    List<String> texts = List.of("Are the {ref1} and the {ref2} the same {attr}?",
        "Do the {ref1} and the {ref2} have the same {attr}?", "Is the {ref1} the same {attr} as the {ref2}?");
    return new QuestionTemplate(id, family, AnswerType.YES_NO, (f, rng, sink) -> {
      List<Ref> refs = Phrases.allRefs(f, styles, rng);
      for (Ref a : refs) {
        for (Ref b : refs) {
          if (a.index() == b.index()) {
            continue;
          }
          Program.Builder p = new Program.Builder();
          int qa = p.add(query, null, p.refer(a));
          int qb = p.add(query, null, p.refer(b));
          p.add(compare, null, qa, qb);
          Map<String, String> params = Phrases.params();
          a.putParams(params, "ref", f);
          b.putParams(params, "ref2", f);
          String text = fill(pick(rng, texts), Map.of("attr", attribute, "ref1", a.phrase(), "ref2", b.phrase()));
          if (sink.offer(new Candidate(text, p.build(), params))) {
            return;
          }
        }
      }
    });
  }
}
