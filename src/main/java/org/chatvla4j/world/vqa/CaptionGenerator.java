package org.chatvla4j.world.vqa;

import static org.chatvla4j.world.vqa.Phrases.capitalize;
import static org.chatvla4j.world.vqa.Phrases.fill;
import static org.chatvla4j.world.vqa.Phrases.pick;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.chatvla4j.world.SceneState;

/**
 * A few sentences describing a scene for pre-training the small VLM: which blocks there are, where some of them are on
 * the board, how some pairs lie relative to each other, which touch, and which block the arm is nearest. Every
 * sentence states a fact that holds clearly (the same margins as the questions), so captions never contradict the
 * answers. Wording, order and the blocks described come from the passed-in random source.
 */
public final class CaptionGenerator {
  private static final String[] NUMBER_WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen"
  };
  private static final List<String> INVENTORY = List.of("There are {n} blocks on the table: {list}.",
      "The table holds {n} blocks: {list}.", "I can see {n} blocks: {list}.", "On the board are {n} blocks: {list}.");
  private static final List<String> INVENTORY_ONE = List.of("There is one block on the table: {list}.",
      "The table holds a single block: {list}.");
  private static final List<String> IN_REGION = List.of("The {b} is in the {region} of the board.",
      "The {b} sits in the {region} of the board.", "In the {region} of the board is the {b}.");
  private static final List<String> RELATED = List.of("The {a} is {rel} the {b}.", "The {a} lies {rel} the {b}.");
  private static final List<String> NEXT_TO = List.of("The {a} is next to the {b}.",
      "The {a} and the {b} are next to each other.", "The {a} is close to the {b}.");
  private static final List<String> ARM = List.of("The robot arm is closest to the {b}.",
      "The arm is nearest to the {b}.");

  private final VqaConfig config;

  public CaptionGenerator(VqaConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public Caption caption(SceneState scene, RandomGenerator rng) {
    SceneFacts f = new SceneFacts(scene, config);
    List<String> sentences = new ArrayList<>();
    List<CaptionFact> facts = new ArrayList<>();
    inventory(f, rng, sentences, facts);
    regions(f, rng, sentences, facts);
    relations(f, rng, sentences, facts);
    neighbours(f, rng, sentences, facts);
    int arm = f.closestToEffector();
    if (arm >= 0 && rng.nextBoolean()) {
      sentences.add(fill(pick(rng, ARM), Map.of("b", f.id(arm).words())));
      facts.add(new CaptionFact.ArmClosest(f.id(arm)));
    }
    return new Caption(String.join(" ", sentences), facts);
  }

  private static void inventory(SceneFacts f, RandomGenerator rng, List<String> sentences, List<CaptionFact> facts) {
    List<Integer> order = Phrases.shuffled(indices(f), rng);
    List<String> names = new ArrayList<>();
    for (int i : order) {
      names.add("a " + f.id(i).words());
    }
    String list = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    String template = f.size() == 1 ? pick(rng, INVENTORY_ONE) : pick(rng, INVENTORY);
    sentences.add(fill(template, Map.of("n", NUMBER_WORDS[f.size()], "list", list)));
    facts.add(new CaptionFact.BlockCount(f.size()));
  }

  /** Up to three blocks whose region is clear. */
  private static void regions(SceneFacts f, RandomGenerator rng, List<String> sentences, List<CaptionFact> facts) {
    int said = 0;
    int limit = 1 + rng.nextInt(3);
    for (int i : Phrases.shuffled(indices(f), rng)) {
      if (said == limit) {
        break;
      }
      if (f.regionAmbiguous(i)) {
        continue;
      }
      Region r = f.region(i);
      sentences.add(capitalize(fill(pick(rng, IN_REGION), Map.of("b", f.id(i).words(), "region", pick(rng, r.phrases())))));
      facts.add(new CaptionFact.InRegion(f.id(i), r));
      said++;
    }
  }

  /** Up to two pairs related clearly (STRICT reading) along some axis. */
  private static void relations(SceneFacts f, RandomGenerator rng, List<String> sentences, List<CaptionFact> facts) {
    if (f.size() < 2) {
      return;
    }
    int said = 0;
    int limit = 1 + rng.nextInt(2);
    for (int attempt = 0; attempt < 8 && said < limit; attempt++) {
      int a = rng.nextInt(f.size());
      int b = (a + 1 + rng.nextInt(f.size() - 1)) % f.size();
      Relation r = Relation.values()[rng.nextInt(Relation.values().length)];
      // "a is r of b": a must be in relation r to anchor b in the strict reading.
      if ((f.related(EvalMode.STRICT, r, b) & (1 << a)) == 0) {
        continue;
      }
      sentences.add(fill(pick(rng, RELATED),
          Map.of("a", f.id(a).words(), "rel", pick(rng, r.phrases()), "b", f.id(b).words())));
      facts.add(new CaptionFact.Related(f.id(a), r, f.id(b)));
      said++;
    }
  }

  /** Every pair clearly next to each other, at most two. */
  private static void neighbours(SceneFacts f, RandomGenerator rng, List<String> sentences, List<CaptionFact> facts) {
    int said = 0;
    for (int a = 0; a < f.size() && said < 2; a++) {
      int strict = f.nextTo(EvalMode.STRICT, a);
      for (int b = a + 1; b < f.size() && said < 2; b++) {
        if ((strict & (1 << b)) != 0) {
          boolean swap = rng.nextBoolean();
          int first = swap ? b : a;
          int second = swap ? a : b;
          sentences.add(fill(pick(rng, NEXT_TO), Map.of("a", f.id(first).words(), "b", f.id(second).words())));
          facts.add(new CaptionFact.NextTo(f.id(first), f.id(second)));
          said++;
        }
      }
    }
  }

  private static List<Integer> indices(SceneFacts f) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      out.add(i);
    }
    return out;
  }
}
