package org.chatvla4j.world.vqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnswerNormalizerTest {
  @Test
  void clevrRules() {
    Map<String, String> cases = Map.ofEntries(
        Map.entry("Yes.", "yes"), Map.entry("yes, it is", "yes"), Map.entry("NO", "no"), Map.entry("True", "yes"),
        Map.entry("Nope!", "no"), Map.entry("Two", "2"), Map.entry(" 2 ", "2"), Map.entry("ten", "10"),
        Map.entry("none", "0"), Map.entry("The red moon.", "red moon"), Map.entry("a Red Moon", "red moon"),
        Map.entry("red", "red"), Map.entry("crescent", "moon"), Map.entry("blue crescent", "blue moon"),
        Map.entry("top-left corner", "top left"), Map.entry("Upper left corner", "top left"),
        Map.entry("the left side of the board", "center left"), Map.entry("middle", "center"),
        Map.entry("center of the board", "center"), Map.entry("bottom side", "bottom"),
        Map.entry("towards your base", "top"), Map.entry("lower right corner", "bottom right"),
        Map.entry("center_left", "center left"), Map.entry("", ""), Map.entry("?!", ""));
    for (Map.Entry<String, String> e : cases.entrySet()) {
      assertEquals(e.getValue(), AnswerNormalizer.normalize(e.getKey()), "'" + e.getKey() + "'");
    }
    assertEquals("", AnswerNormalizer.normalize(null));
  }

  @Test
  void blockIsNotCube() {
    assertFalse(AnswerNormalizer.matches("block", "cube"));
    assertFalse(AnswerNormalizer.matches("its red", "red"));
    assertTrue(AnswerNormalizer.matches("It's a cube!", "its cube"));
  }

  /** Every region answer and every one of its phrases in questions normalises to the canonical answer. */
  @Test
  void regionPhrasesNormaliseToTheirAnswer() {
    for (Region r : Region.values()) {
      for (String phrase : r.phrases()) {
        assertEquals(r.answer(), AnswerNormalizer.normalize("the " + phrase + " of the board"), phrase);
      }
    }
  }

  @Test
  void scorerTalliesPerFamilyAndType() {
    Program p = new Program(List.of(new ProgramNode("scene", List.of(), List.of())));
    Question color = new Question("query_color", QuestionFamily.QUERY_COLOR, AnswerType.COLOR, "What color is the moon?", "red", p, Map.of());
    Question count = new Question("count", QuestionFamily.COUNT, AnswerType.NUMBER, "How many blocks are there?", "3", p, Map.of());
    Question exist = new Question("exist", QuestionFamily.EXIST, AnswerType.YES_NO, "Is there a red moon?", "yes", p, Map.of());
    VqaScorer scorer = new VqaScorer();
    assertTrue(scorer.add(color, "Red."));
    assertFalse(scorer.add(color, "blue"));
    assertTrue(scorer.add(count, "three"));
    assertTrue(scorer.add(exist, "Yes, there is."));
    assertFalse(scorer.add(exist, "maybe"));
    assertEquals(new VqaScorer.Tally(3, 5), scorer.overall());
    assertEquals(0.6, scorer.overall().accuracy(), 1e-12);
    assertEquals(new VqaScorer.Tally(1, 2), scorer.byFamily().get(QuestionFamily.QUERY_COLOR));
    assertEquals(new VqaScorer.Tally(1, 1), scorer.byFamily().get(QuestionFamily.COUNT));
    assertEquals(new VqaScorer.Tally(1, 2), scorer.byAnswerType().get(AnswerType.YES_NO));
    assertFalse(scorer.byFamily().containsKey(QuestionFamily.REGION));
  }
}
