package org.chatvla4j.world.vqa;

import static org.chatvla4j.world.vqa.Phrases.fill;
import static org.chatvla4j.world.vqa.Phrases.pick;

import java.util.List;
import java.util.Map;
import org.chatvla4j.world.vqa.Phrases.Ref;
import org.chatvla4j.world.vqa.QuestionTemplate.Candidate;

/**
 * Language-Table's own questions (tabletop-benchmark.md §9, "Link VQA to task predicates"): the region a block is in
 * (the nine block2absolutelocation names), the closest block, and "is A next to B" (block2block's success test); and
 * which way a block lies from the arm, answered in the eight headings the robot's sub-step reasoning ends with.
 */
final class TabletopTemplates {
  private TabletopTemplates() {}

  static List<QuestionTemplate> all() {
    return List.of(regionQuery(), regionCheck(), regionCount(), closestBlock(), closestToEffector(), nextTo(),
        nextToCount(), armDirection());
  }

  private static QuestionTemplate regionQuery() {
    List<String> texts = List.of("Which part of the board is the {ref} in?", "Where on the board is the {ref}?",
        "In which region of the board is the {ref}?");
    return new QuestionTemplate("region_query", QuestionFamily.REGION, AnswerType.REGION, (f, rng, sink) -> {
      for (Ref ref : Phrases.allRefs(f, Phrases.ANY_STYLE, rng)) {
        Program.Builder p = new Program.Builder();
        p.add("query_region", null, p.refer(ref));
        Map<String, String> params = Phrases.params();
        ref.putParams(params, "ref", f);
        if (sink.offer(new Candidate(fill(pick(rng, texts), Map.of("ref", ref.phrase())), p.build(), params))) {
          return;
        }
      }
    });
  }

  private static QuestionTemplate regionCheck() {
    List<String> texts = List.of("Is the {ref} in the {region} of the board?", "Is the {ref} at the {region} of the board?");
    return new QuestionTemplate("region_check", QuestionFamily.REGION, AnswerType.YES_NO, (f, rng, sink) -> {
      for (Ref ref : Phrases.allRefs(f, Phrases.ANY_STYLE, rng)) {
        for (Region region : Phrases.shuffled(List.of(Region.values()), rng)) {
          Program.Builder p = new Program.Builder();
          int in = p.add("filter_region", region.key(), p.scene());
          p.add("exist", null, p.filter(in, ref.filter().color(), ref.filter().shape()));
          Map<String, String> params = Phrases.params();
          ref.putParams(params, "ref", f);
          params.put("region", region.key());
          String text = fill(pick(rng, texts), Map.of("ref", ref.phrase(), "region", pick(rng, region.phrases())));
          if (sink.offer(new Candidate(text, p.build(), params))) {
            return;
          }
        }
      }
    });
  }

  private static QuestionTemplate regionCount() {
    List<String> texts = List.of("How many blocks are in the {region} of the board?",
        "How many blocks are at the {region} of the board?");
    return new QuestionTemplate("region_count", QuestionFamily.REGION, AnswerType.NUMBER, (f, rng, sink) -> {
      for (Region region : Phrases.shuffled(List.of(Region.values()), rng)) {
        Program.Builder p = new Program.Builder();
        p.add("count", null, p.add("filter_region", region.key(), p.scene()));
        Map<String, String> params = Phrases.params();
        params.put("region", region.key());
        String text = fill(pick(rng, texts), Map.of("region", pick(rng, region.phrases())));
        if (sink.offer(new Candidate(text, p.build(), params))) {
          return;
        }
      }
    });
  }

  private static QuestionTemplate closestBlock() {
    List<String> texts = List.of("Which block is closest to the {ref}?", "Which block is nearest to the {ref}?",
        "What is the closest block to the {ref}?");
    return new QuestionTemplate("closest_block", QuestionFamily.CLOSEST, AnswerType.BLOCK, (f, rng, sink) -> {
      for (Ref ref : Phrases.allRefs(f, Phrases.ANY_STYLE, rng)) {
        Program.Builder p = new Program.Builder();
        p.add("query_name", null, p.add("closest", null, p.refer(ref)));
        Map<String, String> params = Phrases.params();
        ref.putParams(params, "ref", f);
        if (sink.offer(new Candidate(fill(pick(rng, texts), Map.of("ref", ref.phrase())), p.build(), params))) {
          return;
        }
      }
    });
  }

  private static QuestionTemplate closestToEffector() {
    List<String> texts = List.of("Which block is closest to the robot arm?", "Which block is nearest to the arm?",
        "Which block is the arm closest to?");
    return new QuestionTemplate("closest_to_arm", QuestionFamily.CLOSEST, AnswerType.BLOCK, (f, rng, sink) -> {
      Program.Builder p = new Program.Builder();
      p.add("query_name", null, p.add("closest_to_effector", null, p.scene()));
      sink.offer(new Candidate(pick(rng, texts), p.build(), Phrases.params()));
    });
  }

  private static QuestionTemplate nextTo() {
    List<String> texts = List.of("Is the {ref1} next to the {ref2}?", "Is the {ref1} close to the {ref2}?",
        "Are the {ref1} and the {ref2} next to each other?");
    return new QuestionTemplate("next_to", QuestionFamily.NEXT_TO, AnswerType.YES_NO, (f, rng, sink) -> {
      List<Ref> refs = Phrases.allRefs(f, Phrases.ANY_STYLE, rng);
      for (Ref a : refs) {
        for (Ref b : refs) {
          if (a.index() == b.index()) {
            continue;
          }
          Program.Builder p = new Program.Builder();
          int ia = p.refer(a);
          int ib = p.refer(b);
          p.add("next_to", null, ia, ib);
          Map<String, String> params = Phrases.params();
          a.putParams(params, "ref", f);
          b.putParams(params, "ref2", f);
          String text = fill(pick(rng, texts), Map.of("ref1", a.phrase(), "ref2", b.phrase()));
          if (sink.offer(new Candidate(text, p.build(), params))) {
            return;
          }
        }
      }
    });
  }

  private static QuestionTemplate nextToCount() {
    List<String> texts = List.of("How many blocks are next to the {ref}?", "How many blocks are close to the {ref}?");
    return new QuestionTemplate("next_to_count", QuestionFamily.NEXT_TO, AnswerType.NUMBER, (f, rng, sink) -> {
      for (Ref ref : Phrases.allRefs(f, Phrases.ANY_STYLE, rng)) {
        Program.Builder p = new Program.Builder();
        p.add("count", null, p.add("filter_next_to", null, p.refer(ref)));
        Map<String, String> params = Phrases.params();
        ref.putParams(params, "ref", f);
        if (sink.offer(new Candidate(fill(pick(rng, texts), Map.of("ref", ref.phrase())), p.build(), params))) {
          return;
        }
      }
    });
  }

  /**
   * "Which way is the red moon from the arm?" → "down and left": the heading of (block − effector), the words the
   * reasoning ends with when the arm moves to that block. Why: the model has to know where the arm is relative to the
   * blocks to name its own heading, and the closest-to-arm questions alone did not teach it that.
   */
  private static QuestionTemplate armDirection() {
    List<String> texts = List.of("Which way is the {ref} from the arm?",
        "In which direction is the {ref} from the robot arm?", "Which way should the arm move to reach the {ref}?");
    return new QuestionTemplate("arm_direction", QuestionFamily.ARM_DIRECTION, AnswerType.HEADING, (f, rng, sink) -> {
      for (Ref ref : Phrases.allRefs(f, Phrases.ANY_STYLE, rng)) {
        Program.Builder p = new Program.Builder();
        p.add("heading_from_effector", null, p.refer(ref));
        Map<String, String> params = Phrases.params();
        ref.putParams(params, "ref", f);
        if (sink.offer(new Candidate(fill(pick(rng, texts), Map.of("ref", ref.phrase())), p.build(), params))) {
          return;
        }
      }
    });
  }
}
