package org.chatvla4j.world.vqa;

import static org.chatvla4j.world.vqa.Phrases.fill;
import static org.chatvla4j.world.vqa.Phrases.pick;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.chatvla4j.world.vqa.Phrases.Filter;
import org.chatvla4j.world.vqa.Phrases.Ref;
import org.chatvla4j.world.vqa.QuestionTemplate.Candidate;

/**
 * One- and two-hop relation templates (CLEVR one_hop, two_hop) in the table's words, plus "Is the A left of the B?".
 * As in CLEVR's {@code find_relate_filter_options}, a relate + filter step is kept only when it is non-trivial: the
 * relation must change which blocks the filter picks (else "the moon left of the star" would name the only moon).
 */
final class SpatialTemplates {
  private SpatialTemplates() {}

  /** What a relate + filter step ends in. */
  private enum Ending {
    QUERY_COLOR("query_color", AnswerType.COLOR),
    QUERY_SHAPE("query_shape", AnswerType.SHAPE),
    COUNT("count", AnswerType.NUMBER),
    EXIST("exist", AnswerType.YES_NO);

    final String function;
    final AnswerType type;

    Ending(String function, AnswerType type) {
      this.function = function;
      this.type = type;
    }

    boolean needsUnique() {
      return this == QUERY_COLOR || this == QUERY_SHAPE;
    }

    /** The filter must not name what is asked (CLEVR's NULL constraint). */
    boolean allows(Filter filter) {
      return switch (this) {
        case QUERY_COLOR -> filter.color() == null;
        case QUERY_SHAPE -> filter.shape() == null;
        case COUNT, EXIST -> true;
      };
    }
  }

  static List<QuestionTemplate> all() {
    return List.of(
        oneHop("relate_query_color", Ending.QUERY_COLOR, List.of("What color is the {f} {rel} the {ref}?",
            "What color is the {f} that is {rel} the {ref}?", "The {f} {rel} the {ref} is what color?")),
        oneHop("relate_query_shape", Ending.QUERY_SHAPE, List.of("What shape is the {f} {rel} the {ref}?",
            "What shape is the {f} that is {rel} the {ref}?", "The {f} {rel} the {ref} is what shape?")),
        oneHop("relate_count", Ending.COUNT,
            List.of("How many {fs} are {rel} the {ref}?", "What number of {fs} are {rel} the {ref}?")),
        oneHop("relate_exist", Ending.EXIST,
            List.of("Are there any {fs} {rel} the {ref}?", "Is there a {f} {rel} the {ref}?")),
        pairRelation(),
        twoHop("two_hop_query_color", Ending.QUERY_COLOR, List.of("What color is the {f2} {rel2} the {f1} {rel1} the {ref}?",
            "What color is the {f2} that is {rel2} the {f1} {rel1} the {ref}?")),
        twoHop("two_hop_query_shape", Ending.QUERY_SHAPE, List.of("What shape is the {f2} {rel2} the {f1} {rel1} the {ref}?",
            "What shape is the {f2} that is {rel2} the {f1} {rel1} the {ref}?")),
        twoHop("two_hop_count", Ending.COUNT, List.of("How many {f2s} are {rel2} the {f1} {rel1} the {ref}?")),
        twoHop("two_hop_exist", Ending.EXIST,
            List.of("Is there a {f2} {rel2} the {f1} {rel1} the {ref}?", "Are there any {f2s} {rel2} the {f1} {rel1} the {ref}?")));
  }

  /**
   * Whether relating from {@code anchor} then filtering keeps a block set the filter alone would not give (CLEVR's
   * non-trivial rule), is unique if asked, and the filter matches some block besides the anchor ("red moons left of
   * the red moon" would be answered by the words alone).
   */
  private static boolean usefulStep(int anchor, int related, int filtered, boolean unique) {
    int kept = related & filtered;
    if (unique && Integer.bitCount(kept) != 1) {
      return false;
    }
    return kept != filtered && (filtered & ~(1 << anchor)) != 0;
  }

  /**
   * Whether no block the filter keeps is near level with the anchor, so the step names the same blocks in every
   * reading. Only a pruning shortcut: the generator's ambiguity test would reject the candidate anyway, because a
   * unique step that differs between readings makes one reading invalid.
   */
  private static boolean clearStep(SceneFacts f, Relation r, int anchor, int filtered) {
    return (f.related(EvalMode.STRICT, r, anchor) & filtered) == (f.related(EvalMode.LENIENT, r, anchor) & filtered);
  }

  private static List<Filter> filters(Predicate<Filter> allowed, RandomGenerator rng) {
    List<Filter> out = new ArrayList<>();
    for (Filter filter : Filter.all()) {
      if (allowed.test(filter)) {
        out.add(filter);
      }
    }
    Phrases.shuffle(out, rng);
    return out;
  }

  private static int end(Program.Builder p, int at, Ending ending) {
    if (ending.needsUnique()) {
      at = p.add("unique", null, at);
    }
    return p.add(ending.function, null, at);
  }

  private static QuestionTemplate oneHop(String id, Ending ending, List<String> texts) {
    return new QuestionTemplate(id, QuestionFamily.SPATIAL_ONE_HOP, ending.type, (f, rng, sink) -> {
      for (Ref ref : Phrases.allRefs(f, Phrases.ANY_STYLE, rng)) {
        for (Relation r : Phrases.shuffled(List.of(Relation.values()), rng)) {
          int related = f.related(EvalMode.NOMINAL, r, ref.index());
          for (Filter filter : filters(ending::allows, rng)) {
            if (!usefulStep(ref.index(), related, filter.mask(f), ending.needsUnique())
                || (ending.needsUnique() && !clearStep(f, r, ref.index(), filter.mask(f)))) {
              continue;
            }
            Program.Builder p = new Program.Builder();
            int rel = p.add("relate", r.key(), p.refer(ref));
            end(p, p.filter(rel, filter.color(), filter.shape()), ending);
            Map<String, String> params = Phrases.params();
            ref.putParams(params, "ref", f);
            params.put("relation", r.key());
            filter.putParams(params, "filter");
            String text = fill(pick(rng, texts), Map.of("f", filter.singular(), "fs", filter.plural(),
                "rel", pick(rng, r.phrases()), "ref", ref.phrase()));
            if (sink.offer(new Candidate(text, p.build(), params))) {
              return;
            }
          }
        }
      }
    });
  }

  /** "Is the red moon left of the blue cube?": both blocks named, so the non-trivial rule does not apply. */
  private static QuestionTemplate pairRelation() {
    List<String> texts = List.of("Is the {ref1} {rel} the {ref2}?");
    return new QuestionTemplate("pair_relation", QuestionFamily.SPATIAL_ONE_HOP, AnswerType.YES_NO, (f, rng, sink) -> {
      List<Ref> refs = Phrases.allRefs(f, Phrases.ANY_STYLE, rng);
      for (Ref a : refs) {
        for (Ref b : refs) {
          if (a.index() == b.index()) {
            continue;
          }
          Relation r = Relation.values()[rng.nextInt(Relation.values().length)];
          Program.Builder p = new Program.Builder();
          int rel = p.add("relate", r.key(), p.refer(b));
          p.add("exist", null, p.filter(rel, a.filter().color(), a.filter().shape()));
          Map<String, String> params = Phrases.params();
          a.putParams(params, "ref", f);
          b.putParams(params, "ref2", f);
          params.put("relation", r.key());
          String text = fill(pick(rng, texts), Map.of("ref1", a.phrase(), "rel", pick(rng, r.phrases()),
              "ref2", b.phrase()));
          if (sink.offer(new Candidate(text, p.build(), params))) {
            return;
          }
        }
      }
    });
  }

  /** A first hop that names one block: reference, relation, filter. */
  private record Hop(Ref ref, Relation relation, Filter filter, int target) {}

  private static QuestionTemplate twoHop(String id, Ending ending, List<String> texts) {
    return new QuestionTemplate(id, QuestionFamily.SPATIAL_TWO_HOP, ending.type, (f, rng, sink) -> {
      List<Hop> firstHops = new ArrayList<>();
      for (Ref ref : Phrases.allRefs(f, Phrases.ANY_STYLE, rng)) {
        for (Relation r : Relation.values()) {
          int related = f.related(EvalMode.NOMINAL, r, ref.index());
          for (Filter filter : Filter.all()) {
            int filtered = filter.mask(f);
            if (usefulStep(ref.index(), related, filtered, true) && clearStep(f, r, ref.index(), filtered)) {
              firstHops.add(new Hop(ref, r, filter, Integer.numberOfTrailingZeros(related & filtered)));
            }
          }
        }
      }
      Phrases.shuffle(firstHops, rng);
      for (Hop hop : firstHops) {
        for (Relation r2 : Phrases.shuffled(List.of(Relation.values()), rng)) {
          int related = f.related(EvalMode.NOMINAL, r2, hop.target());
          for (Filter filter : filters(ending::allows, rng)) {
            if (!usefulStep(hop.target(), related, filter.mask(f), ending.needsUnique())
                || (ending.needsUnique() && !clearStep(f, r2, hop.target(), filter.mask(f)))) {
              continue;
            }
            Program.Builder p = new Program.Builder();
            int rel1 = p.add("relate", hop.relation().key(), p.refer(hop.ref()));
            int mid = p.add("unique", null, p.filter(rel1, hop.filter().color(), hop.filter().shape()));
            int rel2 = p.add("relate", r2.key(), mid);
            end(p, p.filter(rel2, filter.color(), filter.shape()), ending);
            Map<String, String> params = Phrases.params();
            hop.ref().putParams(params, "ref", f);
            params.put("relation1", hop.relation().key());
            hop.filter().putParams(params, "filter1");
            params.put("relation2", r2.key());
            filter.putParams(params, "filter2");
            String text = fill(pick(rng, texts), Map.of("f2", filter.singular(), "f2s", filter.plural(),
                "rel2", pick(rng, r2.phrases()), "f1", hop.filter().singular(),
                "rel1", pick(rng, hop.relation().phrases()), "ref", hop.ref().phrase()));
            if (sink.offer(new Candidate(text, p.build(), params))) {
              return;
            }
          }
        }
      }
    });
  }
}
