package org.chatvla4j.world.vqa;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.chatvla4j.world.SceneState;

/**
 * CLEVR-style questions about tabletop scenes (tabletop-benchmark.md §9). Per scene it visits the templates least used
 * so far first (ties in seeded random order) and instantiates each at most once, until {@link
 * VqaConfig#questionsPerScene} questions are made. A candidate is kept when its program has an answer on the scene,
 * the answer does not depend on any near-threshold spatial reading ({@link EvalMode}), and the {@link AnswerBalancer}
 * accepts it.
 *
 * <p>The generator carries the balance counts from scene to scene (restarting every {@link
 * VqaConfig#balanceResetScenes} scenes), so the same scenes with the same random source in the same order give the
 * same questions. Not thread-safe.
 */
public final class QuestionGenerator {
  private final VqaConfig config;
  private final List<QuestionTemplate> templates;
  private final AnswerBalancer balancer = new AnswerBalancer();
  private final Map<String, Integer> templateUses = new HashMap<>();
  private int scenesSinceReset;

  public QuestionGenerator(VqaConfig config) {
    this(config, QuestionFamily.standard());
  }

  /** A generator restricted to some families, e.g. to evaluate one family at a time. */
  public QuestionGenerator(VqaConfig config, Set<QuestionFamily> families) {
    this.config = Objects.requireNonNull(config, "config");
    if (families.isEmpty()) {
      throw new IllegalArgumentException("families is empty; pick at least one of " + List.of(QuestionFamily.values()));
    }
    List<QuestionTemplate> all = new ArrayList<>();
    all.addAll(AttributeTemplates.all());
    all.addAll(SameAttributeTemplates.all());
    all.addAll(SpatialTemplates.all());
    all.addAll(TabletopTemplates.all());
    this.templates = all.stream().filter(t -> families.contains(t.family())).toList();
  }

  /** The template ids this generator uses, with their families. */
  public Map<String, QuestionFamily> templates() {
    Map<String, QuestionFamily> out = new java.util.LinkedHashMap<>();
    for (QuestionTemplate t : templates) {
      out.put(t.id(), t.family());
    }
    return out;
  }

  /** Questions about one scene; fewer than asked when the scene does not support enough templates. */
  public List<Question> generate(SceneState scene, RandomGenerator rng) {
    Objects.requireNonNull(rng, "rng");
    SceneFacts facts = new SceneFacts(scene, config);
    if (scenesSinceReset == config.balanceResetScenes()) {
      balancer.reset();
      templateUses.clear();
      scenesSinceReset = 0;
    }
    scenesSinceReset++;
    List<QuestionTemplate> order = Phrases.shuffled(templates, rng);
    order.sort(Comparator.comparingInt(t -> templateUses.getOrDefault(t.id(), 0)));
    List<Question> out = new ArrayList<>();
    for (QuestionTemplate template : order) {
      if (out.size() == config.questionsPerScene()) {
        break;
      }
      Question q = instantiate(template, facts, rng);
      if (q != null) {
        out.add(q);
        templateUses.merge(template.id(), 1, Integer::sum);
      }
    }
    return out;
  }

  private Question instantiate(QuestionTemplate template, SceneFacts facts, RandomGenerator rng) {
    Question[] found = new Question[1];
    int[] tried = new int[1];
    template.offerCandidates(facts, rng, candidate -> {
      tried[0]++;
      // The balance test is cheaper than the two extra readings of the ambiguity test, so it goes first.
      Value nominal = ProgramExecutor.answer(candidate.program(), facts, EvalMode.NOMINAL);
      if (!(nominal instanceof Value.Invalid) && balancer.accepts(template, nominal.answer())) {
        String text = nominal.answer();
        if (!(ProgramExecutor.unambiguous(candidate.program(), facts, nominal) instanceof Value.Invalid)) {
          balancer.record(template, text);
          found[0] = new Question(template.id(), template.family(), template.answerType(), candidate.text(), text,
              candidate.program(), candidate.params());
          return true;
        }
      }
      return tried[0] >= config.candidatesPerTemplate();
    });
    return found[0];
  }
}
