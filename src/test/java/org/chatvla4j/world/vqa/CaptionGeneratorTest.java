package org.chatvla4j.world.vqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.render.TestScenes;
import org.junit.jupiter.api.Test;

class CaptionGeneratorTest {
  private final CaptionGenerator captions = new CaptionGenerator(VqaConfig.defaults());

  /** Every stated fact holds, clearly, by the test's own geometry; the text says it. */
  @Test
  void everyFactHoldsAndIsSaid() {
    SplittableRandom rng = new SplittableRandom(8);
    int facts = 0;
    for (int i = 0; i < 200; i++) {
      SceneState s = TestScenes.withNeighbours(i % 2 == 0 ? TestScenes.block8(rng) : TestScenes.nChooseK(rng), rng);
      Caption c = captions.caption(s, rng);
      for (BlockPose b : s.blocks()) {
        assertTrue(c.text().contains("a " + b.id().words()), "inventory lists " + b.id() + ": " + c.text());
      }
      for (CaptionFact f : c.facts()) {
        facts++;
        switch (f) {
          case CaptionFact.BlockCount n -> assertEquals(s.blocks().size(), n.count());
          case CaptionFact.InRegion r -> {
            BlockPose b = s.require(r.block());
            assertEquals(SceneOracle.region(b.x(), b.y()), r.region().key());
            assertTrue(SceneOracle.clearOfRegionBoundaries(b), "region of " + b.id() + " is clear");
            assertTrue(c.text().toLowerCase(java.util.Locale.ROOT).contains("the " + b.id().words()), c.text());
          }
          case CaptionFact.Related r -> {
            BlockPose a = s.require(r.subject()), b = s.require(r.anchor());
            double off = switch (r.relation()) {
              case LEFT -> b.y() - a.y();
              case RIGHT -> a.y() - b.y();
              case ABOVE -> b.x() - a.x();
              case BELOW -> a.x() - b.x();
            };
            assertTrue(off >= SceneOracle.MARGIN, r + " off by " + off);
          }
          case CaptionFact.NextTo n -> assertTrue(
              s.require(n.a()).distanceTo(s.require(n.b())) < SceneOracle.NEXT_TO - SceneOracle.NEXT_TO_MARGIN, n.toString());
          case CaptionFact.ArmClosest a -> {
            BlockPose best = null;
            for (BlockPose b : s.blocks()) {
              if (best == null || b.distanceTo(s.effectorX(), s.effectorY()) < best.distanceTo(s.effectorX(), s.effectorY())) {
                best = b;
              }
            }
            assertEquals(best.id(), a.block());
          }
        }
      }
    }
    assertTrue(facts > 200 * 3, "facts stated: " + facts);
  }

  @Test
  void seededVariety() {
    SceneState s = TestScenes.nChooseK(new SplittableRandom(4));
    Set<String> texts = new HashSet<>();
    for (int seed = 0; seed < 40; seed++) {
      texts.add(captions.caption(s, new SplittableRandom(seed)).text());
    }
    assertTrue(texts.size() >= 30, "distinct captions: " + texts.size());
    assertEquals(captions.caption(s, new SplittableRandom(12)), captions.caption(s, new SplittableRandom(12)));
  }

  @Test
  void rejectsEmptyScenes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> captions.caption(new SceneState(List.of(), 0.3, 0, 0.3, 0), new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("no blocks"));
  }
}
