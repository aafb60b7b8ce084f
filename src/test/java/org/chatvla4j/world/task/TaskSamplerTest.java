package org.chatvla4j.world.task;

import static org.chatvla4j.world.task.Scenes.at;
import static org.chatvla4j.world.task.Scenes.id;
import static org.chatvla4j.world.task.Scenes.scene;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.Workspace;
import org.junit.jupiter.api.Test;

class TaskSamplerTest {
  /** Every word of tabletop-benchmark.md §5's templates and synonyms, written out independently of the code. */
  private static final Set<String> DOCUMENTED_WORDS =
      new HashSet<>(
          Arrays.asList(
              ("push move slide put the to towards close next point at arm your top side base left of board upper"
                      + " corner right center middle bottom lower up upwards down downwards and then diagonally"
                      + " slightly a bit little somewhat above below just pull apart from away separate group clump"
                      + " blocks rest red blue green yellow moon cube star pentagon block")
                  .split(" ")));

  private static List<Task> sampleMany(TaskFamily f, BlockSet set, int n, long seed) {
    Random rng = new Random(seed);
    List<Task> out = new ArrayList<>();
    while (out.size() < n) {
      List<BlockId> blocks = set.sample(rng, true);
      SceneState s = Scenes.random(blocks, rng);
      TaskSampler.sample(f, s, blocks, rng).ifPresent(out::add);
    }
    return out;
  }

  @Test
  void templatesUseOnlyDocumentedWords() {
    for (BlockSet set : BlockSet.values()) {
      for (TaskFamily f : TaskFamily.values()) {
        for (Task t : sampleMany(f, set, 300, 11)) {
          assertEquals(f, t.family());
          assertTrue(t.instruction().equals(t.instruction().toLowerCase()), t.instruction());
          for (String w : t.instruction().split(" ")) {
            String word = w.endsWith(",") ? w.substring(0, w.length() - 1) : w;
            assertTrue(DOCUMENTED_WORDS.contains(word), "'" + word + "' in: " + t.instruction());
          }
          assertTrue(t.instruction().contains(t.blockText()), t.instruction() + " names " + t.blockText());
        }
      }
    }
  }

  /** BLOCK_8 has every color and shape twice, so blocks are always "{color} {shape}"; BLOCK_4 allows all three. */
  @Test
  void referringExpressionRule() {
    Pattern bareShape = Pattern.compile("(^| )(moon|cube|star|pentagon)");
    Pattern colorShape = Pattern.compile("(red|blue|green|yellow) (moon|cube|star|pentagon)");
    for (TaskFamily f : TaskFamily.values()) {
      for (Task t : sampleMany(f, BlockSet.BLOCK_8, 200, 5)) {
        String rest = colorShape.matcher(t.instruction()).replaceAll("");
        assertFalse(t.instruction().matches(".*\\bblock\\b.*"), t.instruction());
        assertFalse(bareShape.matcher(rest).find(), t.instruction());
      }
    }
    Set<String> forms = new HashSet<>();
    for (Task t : sampleMany(TaskFamily.BLOCK2ABSOLUTELOCATION, BlockSet.BLOCK_4, 300, 5)) {
      forms.add(t.blockText().matches("\\w+ block") ? "color block" : t.blockText().contains(" ") ? "both" : "shape");
    }
    assertEquals(Set.of("color block", "shape", "both"), forms);
  }

  /** With BLOCK_8 names, the sampled strings of these families lie in the enumerated instruction space. */
  @Test
  void sampledInstructionsAreEnumerated() {
    for (TaskFamily f :
        List.of(
            TaskFamily.BLOCK2BLOCK,
            TaskFamily.BLOCK2RELATIVELOCATION,
            TaskFamily.BLOCK2BLOCKRELATIVELOCATION,
            TaskFamily.POINT2BLOCK)) {
      Set<String> space = InstructionSpace.unique(InstructionSpace.enumerate(f, BlockSet.BLOCK_8));
      for (Task t : sampleMany(f, BlockSet.BLOCK_8, 300, 2)) {
        assertTrue(space.contains(t.instruction()), t.instruction());
      }
    }
  }

  @Test
  void block2blockNeedsTwoBlocksAtLeast6cmApart() {
    SceneState close = scene(at("red_moon", 0.3, 0), at("blue_cube", 0.3, 0.055));
    List<BlockId> both = List.of(id("red_moon"), id("blue_cube"));
    for (int seed = 0; seed < 20; seed++) {
      assertTrue(TaskSampler.sample(TaskFamily.BLOCK2BLOCK, close, both, new Random(seed)).isEmpty());
    }
    SceneState s = scene(at("red_moon", 0.3, 0), at("blue_cube", 0.3, 0.055), at("green_star", 0.45, 0.1));
    List<BlockId> three = List.of(id("red_moon"), id("blue_cube"), id("green_star"));
    for (int seed = 0; seed < 50; seed++) {
      Optional<Task> t = TaskSampler.sample(TaskFamily.BLOCK2BLOCK, s, three, new Random(seed));
      t.ifPresent(
          task -> {
            Block2BlockTask b = (Block2BlockTask) task;
            assertTrue(s.require(b.block()).distanceTo(s.require(b.targetBlock())) >= 0.06);
          });
    }
  }

  @Test
  void absoluteLocationFailsWhenTheBlockIsAlreadyThere() {
    SceneState s = scene(at("red_moon", 0.35, 0.0));
    int failures = 0;
    for (int seed = 0; seed < 100; seed++) {
      Optional<Task> t = TaskSampler.sample(TaskFamily.BLOCK2ABSOLUTELOCATION, s, List.of(id("red_moon")), new Random(seed));
      if (t.isEmpty()) {
        failures++;
      } else {
        assertNotEquals(AbsoluteLocation.CENTER, ((Block2AbsoluteLocationTask) t.get()).location());
      }
    }
    assertTrue(failures > 0 && failures < 30, "about 1 in 9 draws picks the centre: " + failures);
  }

  @Test
  void relativeLocationTargets() {
    Set<Boolean> nears = new HashSet<>();
    for (Task t : sampleMany(TaskFamily.BLOCK2RELATIVELOCATION, BlockSet.BLOCK_8, 300, 4)) {
      Block2RelativeLocationTask r = (Block2RelativeLocationTask) t;
      assertTrue(Workspace.insideBounds(r.targetX(), r.targetY()));
      nears.add(r.near());
      assertTrue(r.near() == r.instruction().matches(".*\\b(slightly|bit|little|somewhat)\\b.*"), r.instruction());
    }
    assertEquals(Set.of(true, false), nears);
    // Fixed at reset: block start + magnitude × unit direction.
    SceneState s = scene(at("red_moon", 0.375, 0.0));
    Block2RelativeLocationTask r =
        (Block2RelativeLocationTask)
            TaskSampler.sample(TaskFamily.BLOCK2RELATIVELOCATION, s, List.of(id("red_moon")), new Random(1)).orElseThrow();
    double d = Math.hypot(r.targetX() - 0.375, r.targetY());
    assertEquals(r.near() ? 0.15 : 0.25, d, 1e-12);
  }

  @Test
  void blockRelativeTasksStartUnsolvedInsideBounds() {
    for (Task t : sampleMany(TaskFamily.BLOCK2BLOCKRELATIVELOCATION, BlockSet.BLOCK_4, 200, 8)) {
      Block2BlockRelativeLocationTask r = (Block2BlockRelativeLocationTask) t;
      assertNotEquals(r.block(), r.targetBlock());
      double[] o = r.offset();
      assertEquals(r.direction().diagonal() ? Math.hypot(0.04, 0.04) : 0.08, Math.hypot(o[0], o[1]), 1e-12);
      assertTrue(Workspace.insideBounds(r.targetResetX() + o[0], r.targetResetY() + o[1]));
    }
  }

  @Test
  void separatePicksTheMostCrowdedBlock() {
    // A–B 5 cm, B–C 4 cm, A–C 9 cm (not joined): mean neighbour distances A 0.05, B 0.045, C 0.04 → push C from B.
    SceneState s =
        scene(at("red_moon", 0.35, 0.0), at("blue_cube", 0.35, 0.05), at("green_star", 0.35, 0.09), at("yellow_star", 0.5, -0.2));
    List<BlockId> on = s.blocks().stream().map(b -> b.id()).toList();
    SeparateTask t = (SeparateTask) TaskSampler.sample(TaskFamily.SEPARATE, s, on, new Random(0)).orElseThrow();
    assertEquals(id("green_star"), t.block());
    assertEquals(List.of(id("blue_cube")), t.avoid());
    double[] target = t.target(s);
    assertEquals(0.35, target[0], 1e-9);
    assertEquals(0.15, target[1], 1e-6);
    assertTrue(
        t.instruction()
            .matches("(pull|move|separate) the (green star|star|green block) (apart from|away from|from) the (blue cube|cube|blue block)"),
        t.instruction());
    // Nothing within 8 cm of anything: FAILURE.
    SceneState apart = scene(at("red_moon", 0.3, 0.0), at("blue_cube", 0.3, 0.1), at("green_star", 0.45, 0.0));
    List<BlockId> on2 = apart.blocks().stream().map(b -> b.id()).toList();
    assertTrue(TaskSampler.sample(TaskFamily.SEPARATE, apart, on2, new Random(0)).isEmpty());
  }

  @Test
  void avoidPhrases() {
    Random rng = new Random(0);
    assertEquals("red moon", TaskSampler.avoidPhrase(List.of("red moon"), 8, "group", rng));
    assertEquals("red moon and star", TaskSampler.avoidPhrase(List.of("red moon", "star"), 8, "group", rng));
    Set<String> three = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      three.add(TaskSampler.avoidPhrase(List.of("a", "b", "c"), 8, "clump", rng));
    }
    assertEquals(Set.of("a, b, and c", "clump"), three);
    assertEquals("group of blocks", TaskSampler.avoidPhrase(List.of("a", "b", "c", "d"), 5, "group of blocks", rng));
    // All the others avoided, but "rest of the blocks" is overwritten by the later branches, as in the original.
    assertEquals("a and b", TaskSampler.avoidPhrase(List.of("a", "b"), 3, "group", rng));
  }

  @Test
  void pointToBlockPicksABlockAwayFromTheEffector() {
    SceneState s = scene(0.3, 0.0, at("red_moon", 0.3, 0.02), at("blue_cube", 0.45, 0.1));
    List<BlockId> on = List.of(id("red_moon"), id("blue_cube"));
    for (int seed = 0; seed < 30; seed++) {
      TaskSampler.sample(TaskFamily.POINT2BLOCK, s, on, new Random(seed))
          .ifPresent(t -> assertEquals(id("blue_cube"), t.block()));
    }
  }

  /** The goal of the dynamic families follows the blocks every step. */
  @Test
  void targetsFollowTheBlocks() {
    Block2BlockRelativeLocationTask r =
        new Block2BlockRelativeLocationTask(
            "push the red moon to the left of the blue cube",
            id("red_moon"),
            "red moon",
            id("blue_cube"),
            "blue cube",
            Direction.LEFT,
            "to the left of the",
            0.3,
            0.0);
    double[] t0 = r.target(scene(at("red_moon", 0.4, 0.1), at("blue_cube", 0.3, 0.0)));
    double[] t1 = r.target(scene(at("red_moon", 0.4, 0.1), at("blue_cube", 0.32, 0.01)));
    assertEquals(0.3, t0[0], 1e-12);
    assertEquals(-0.08, t0[1], 1e-12);
    assertEquals(0.32, t1[0], 1e-12);
    assertEquals(-0.07, t1[1], 1e-12);
    SeparateTask sep = new SeparateTask("x", id("red_moon"), "red moon", List.of(id("blue_cube")), "blue cube");
    double[] s0 = sep.target(scene(at("red_moon", 0.3, 0.03), at("blue_cube", 0.3, 0.0)));
    double[] s1 = sep.target(scene(at("red_moon", 0.33, 0.0), at("blue_cube", 0.3, 0.0)));
    assertEquals(0.1, s0[1], 1e-6);
    assertEquals(0.4, s1[0], 1e-6);
  }
}
