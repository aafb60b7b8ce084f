package org.chatvla4j.world.vqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.render.TestScenes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QuestionGeneratorTest {
  /** One balance window (CLEVR resets counts every 250 scenes): 240 scenes, half BLOCK_8, half N_CHOOSE_K. */
  private static final List<SceneState> SCENES = new ArrayList<>();
  private static final List<List<Question>> QUESTIONS = new ArrayList<>();

  @BeforeAll
  static void generate() {
    SplittableRandom sceneRng = new SplittableRandom(20240601);
    QuestionGenerator generator = new QuestionGenerator(VqaConfig.defaults());
    SplittableRandom questionRng = new SplittableRandom(42);
    for (int i = 0; i < 240; i++) {
      SceneState s = i % 2 == 0 ? TestScenes.block8(sceneRng) : TestScenes.nChooseK(sceneRng);
      s = TestScenes.withNeighbours(s, sceneRng);
      SCENES.add(s);
      QUESTIONS.add(generator.generate(s, questionRng));
    }
  }

  /** Every answer equals one computed from the scene geometry and the question's params alone (SceneOracle). */
  @Test
  void everyAnswerMatchesAnIndependentComputation() {
    int checked = 0;
    Map<String, Integer> perTemplate = new TreeMap<>();
    for (int i = 0; i < SCENES.size(); i++) {
      for (Question q : QUESTIONS.get(i)) {
        assertEquals(SceneOracle.answer(SCENES.get(i), q), q.answer(), q.text() + "  [" + q.program() + "]");
        assertEquals(AnswerNormalizer.normalize(q.answer()), q.answer(), "answers are already canonical");
        assertTrue(q.text().endsWith("?") && Character.isUpperCase(q.text().charAt(0)), q.text());
        perTemplate.merge(q.templateId(), 1, Integer::sum);
        checked++;
      }
    }
    assertEquals(2400, checked, "10 questions per scene");
    assertEquals(new QuestionGenerator(VqaConfig.defaults()).templates().keySet(), perTemplate.keySet(),
        "every template was instantiated: " + perTemplate);
  }

  /**
   * The stated rule (CLEVR's): within a balance window the most frequent answer of a template is at most
   * 1.1 × the runner-up + 1, and yes/no overall stays within 45–55 %.
   */
  @Test
  void answersAreBalancedPerTemplate() {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    int yes = 0, no = 0;
    for (List<Question> qs : QUESTIONS) {
      for (Question q : qs) {
        counts.computeIfAbsent(q.templateId(), k -> new HashMap<>()).merge(q.answer(), 1, Integer::sum);
        yes += q.answer().equals("yes") ? 1 : 0;
        no += q.answer().equals("no") ? 1 : 0;
      }
    }
    for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
      List<Integer> sorted = new ArrayList<>(e.getValue().values());
      sorted.sort(null);
      int max = sorted.getLast();
      int second = sorted.size() > 1 ? sorted.get(sorted.size() - 2) : 0;
      assertTrue(max <= 1.1 * second + 1, e.getKey() + " answers " + e.getValue());
    }
    double yesShare = yes / (double) (yes + no);
    assertTrue(yesShare >= 0.45 && yesShare <= 0.55, "yes share " + yesShare + " of " + (yes + no));
    assertTrue(yes + no > 800, "yes/no questions: " + (yes + no));
  }

  @Test
  void sameSeedSameQuestions() {
    SplittableRandom scenes = new SplittableRandom(3);
    List<SceneState> list = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      list.add(TestScenes.nChooseK(scenes));
    }
    QuestionGenerator a = new QuestionGenerator(VqaConfig.defaults());
    QuestionGenerator b = new QuestionGenerator(VqaConfig.defaults());
    SplittableRandom ra = new SplittableRandom(99), rb = new SplittableRandom(99);
    List<Question> qa = new ArrayList<>(), qb = new ArrayList<>();
    for (SceneState s : list) {
      qa.addAll(a.generate(s, ra));
      qb.addAll(b.generate(s, rb));
    }
    assertEquals(qa, qb);
    QuestionGenerator c = new QuestionGenerator(VqaConfig.defaults());
    SplittableRandom rc = new SplittableRandom(100);
    List<Question> qc = new ArrayList<>();
    for (SceneState s : list) {
      qc.addAll(c.generate(s, rc));
    }
    assertFalse(qa.equals(qc), "another seed should give other questions");
  }

  @Test
  void familiesCanBeSelected() {
    QuestionGenerator g = new QuestionGenerator(VqaConfig.defaults(), EnumSet.of(QuestionFamily.NEXT_TO));
    assertEquals(Map.of("next_to", QuestionFamily.NEXT_TO, "next_to_count", QuestionFamily.NEXT_TO), g.templates());
    for (Question q : g.generate(SCENES.get(1), new SplittableRandom(1))) {
      assertEquals(QuestionFamily.NEXT_TO, q.family());
    }
  }

  /**
   * The arm-direction family on reset scenes: not in the default mix, asked in a mix of all families, every heading occurs, and on its own (one
   * question per scene) its eight answers stay within the balancer's 1.1 × runner-up + 1.
   * (Seen: 86 of the 2400 mixed questions; alone, 239 of 240 scenes with 18–41 per heading.)
   */
  @Test
  void armDirectionIsAskedOnRandomScenesWithBalancedAnswers() {
    long inDefault = QUESTIONS.stream().flatMap(List::stream).filter(q -> q.family() == QuestionFamily.ARM_DIRECTION).count();
    assertEquals(0, inDefault, "the default mix asks arm_direction only on request");
    QuestionGenerator all = new QuestionGenerator(VqaConfig.defaults(), EnumSet.allOf(QuestionFamily.class));
    SplittableRandom mixRng = new SplittableRandom(42);
    long inMix = SCENES.stream().flatMap(s -> all.generate(s, mixRng).stream())
        .filter(q -> q.family() == QuestionFamily.ARM_DIRECTION).count();
    assertTrue(inMix >= 50, "arm_direction questions among the mixed ones: " + inMix);
    QuestionGenerator g = new QuestionGenerator(VqaConfig.defaults(), EnumSet.of(QuestionFamily.ARM_DIRECTION));
    SplittableRandom rng = new SplittableRandom(11);
    Map<String, Integer> counts = new TreeMap<>();
    for (SceneState s : SCENES) {
      for (Question q : g.generate(s, rng)) {
        assertEquals(AnswerType.HEADING, q.answerType());
        assertEquals(SceneOracle.answer(s, q), q.answer(), q.text());
        counts.merge(q.answer(), 1, Integer::sum);
      }
    }
    assertEquals(new java.util.TreeSet<>(AnswerType.HEADING.vocabulary()), counts.keySet(), counts.toString());
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    assertTrue(total >= 200, "scenes with an arm_direction question: " + total + " of " + SCENES.size());
    List<Integer> sorted = new ArrayList<>(counts.values());
    sorted.sort(null);
    assertTrue(sorted.getLast() <= 1.1 * sorted.get(sorted.size() - 2) + 1, counts.toString());
    // The board is wider than deep, so up/down are rarer than left/right; still no answer is a quarter of them.
    assertTrue(sorted.getLast() < 0.25 * total, "majority answer share: " + counts);
  }

  @Test
  void rejectsBadScenesAndConfigs() {
    QuestionGenerator g = new QuestionGenerator(VqaConfig.defaults());
    SplittableRandom rng = new SplittableRandom(1);
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> g.generate(new SceneState(List.of(), 0.3, 0, 0.3, 0), rng));
    assertTrue(empty.getMessage().contains("no blocks"), empty.getMessage());
    BlockPose a = new BlockPose(BlockId.parse("red_moon"), 0.3, 0.0, 0);
    BlockPose b = new BlockPose(BlockId.parse("red_moon"), 0.4, 0.1, 0);
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> g.generate(new SceneState(List.of(a, b), 0.3, 0, 0.3, 0), rng));
    assertTrue(twice.getMessage().contains("red_moon"), twice.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> g.generate(new SceneState(List.of(a), Double.NaN, 0, 0, 0), rng));
    assertThrows(IllegalArgumentException.class, () -> new QuestionGenerator(VqaConfig.defaults(), EnumSet.noneOf(QuestionFamily.class)));
    IllegalArgumentException cfg = assertThrows(IllegalArgumentException.class,
        () -> new VqaConfig(0, 400, 0.02, 0.03, 0.02, 0.02, 0.05, 0.005, 10, 0.05, 250));
    assertTrue(cfg.getMessage().contains("questionsPerScene") && cfg.getMessage().contains("0"), cfg.getMessage());
    IllegalArgumentException margin = assertThrows(IllegalArgumentException.class,
        () -> new VqaConfig(10, 400, 0.02, -1, 0.02, 0.02, 0.05, 0.005, 10, 0.05, 250));
    assertTrue(margin.getMessage().contains("relationMargin"), margin.getMessage());
    IllegalArgumentException heading = assertThrows(IllegalArgumentException.class,
        () -> new VqaConfig(10, 400, 0.02, 0.03, 0.02, 0.02, 0.05, 0.005, 22.5, 0.05, 250));
    assertTrue(heading.getMessage().contains("headingMarginDegrees") && heading.getMessage().contains("22.5"),
        heading.getMessage());
    IllegalArgumentException near = assertThrows(IllegalArgumentException.class,
        () -> new VqaConfig(10, 400, 0.02, 0.03, 0.02, 0.02, 0.05, 0.005, 10, Double.NaN, 250));
    assertTrue(near.getMessage().contains("headingMinDistance"), near.getMessage());
  }

  /** A one-block scene still yields questions, none of which needs a second block. */
  @Test
  void singleBlockScene() {
    SceneState one = new SceneState(List.of(new BlockPose(BlockId.parse("green_star"), 0.35, 0.0, 0.0)), 0.5, 0.2, 0.5, 0.2);
    List<Question> qs = new QuestionGenerator(VqaConfig.defaults()).generate(one, new SplittableRandom(5));
    assertFalse(qs.isEmpty());
    for (Question q : qs) {
      assertEquals(SceneOracle.answer(one, q), q.answer(), q.text());
    }
  }
}
