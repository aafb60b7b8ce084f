package org.chatvla4j.world.vqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.junit.jupiter.api.Test;

/** Hand-placed scenes with answers worked out on paper. */
class ProgramExecutorTest {
  // red moon top-left of centre, blue cube 0.2 m to its right, green star below both, yellow star 1 cm right of the
  // blue cube's y (near level), red cube next to the green star (4 cm).
  private static final SceneState SCENE = new SceneState(List.of(
      new BlockPose(BlockId.parse("red_moon"), 0.30, -0.10, 0),
      new BlockPose(BlockId.parse("blue_cube"), 0.30, 0.10, 0),
      new BlockPose(BlockId.parse("green_star"), 0.45, 0.00, 0),
      new BlockPose(BlockId.parse("yellow_star"), 0.40, 0.11, 0),
      new BlockPose(BlockId.parse("red_cube"), 0.49, 0.00, 0)), 0.25, 0.20, 0.25, 0.20);
  private static final SceneFacts FACTS = new SceneFacts(SCENE, VqaConfig.defaults());

  private static Program program(String... steps) {
    Program.Builder b = new Program.Builder();
    int at = -1;
    for (String s : steps) {
      String[] parts = s.split(":");
      at = parts[0].equals("scene") ? b.scene() : b.add(parts[0], parts.length > 1 ? parts[1] : null, at);
    }
    return b.build();
  }

  @Test
  void relationsAndCounts() {
    // Left of the blue cube (y < 0.08): red moon, green star, red cube. The yellow star sits 1 cm to the right, level
    // within the 3 cm margin: the lenient reading counts it too, so a count question here is rejected as ambiguous.
    Program left = program("scene", "filter_color:blue", "unique", "relate:left", "count");
    assertEquals(new Value.Number(3), ProgramExecutor.answer(left, FACTS, EvalMode.NOMINAL));
    assertEquals(new Value.Number(3), ProgramExecutor.answer(left, FACTS, EvalMode.STRICT));
    assertEquals(new Value.Number(4), ProgramExecutor.answer(left, FACTS, EvalMode.LENIENT));
    assertInstanceOf(Value.Invalid.class, ProgramExecutor.unambiguousAnswer(left, FACTS));
    // Right of the blue cube: the yellow star at +1 cm is not beyond eps (2 cm).
    Program right = program("scene", "filter_color:blue", "unique", "relate:right", "count");
    assertEquals(new Value.Number(0), ProgramExecutor.answer(right, FACTS, EvalMode.NOMINAL));
    assertEquals(new Value.Number(1), ProgramExecutor.answer(right, FACTS, EvalMode.LENIENT));
    assertInstanceOf(Value.Invalid.class, ProgramExecutor.unambiguousAnswer(right, FACTS));
    // Any red block left of the blue cube? Yes in every reading (the red moon is 20 cm left): unambiguous.
    Program redLeft = program("scene", "filter_color:blue", "unique", "relate:left", "filter_color:red", "exist");
    assertEquals(new Value.Bool(true), ProgramExecutor.unambiguousAnswer(redLeft, FACTS));
    // Above the green star (x < 0.43): red moon, blue cube, yellow star; the red cube is 4 cm below it, clear of level.
    Program above = program("scene", "filter_color:green", "unique", "relate:above", "count");
    assertEquals(new Value.Number(3), ProgramExecutor.unambiguousAnswer(above, FACTS));
  }

  @Test
  void uniqueNeedsExactlyOneBlock() {
    assertInstanceOf(Value.Invalid.class,
        ProgramExecutor.answer(program("scene", "filter_color:red", "unique", "query_shape"), FACTS, EvalMode.NOMINAL));
    assertEquals(new Value.Word("star"),
        ProgramExecutor.answer(program("scene", "filter_color:green", "unique", "query_shape"), FACTS, EvalMode.NOMINAL));
    assertEquals(new Value.Word("yellow"),
        ProgramExecutor.answer(program("scene", "filter_shape:star", "filter_color:yellow", "unique", "query_color"), FACTS, EvalMode.NOMINAL));
  }

  @Test
  void tabletopFunctions() {
    // Regions: red moon (0.30, −0.10) center; blue cube (0.30, 0.10) center; red cube (0.49, 0) bottom.
    assertEquals(new Value.Word("center"), ProgramExecutor.unambiguousAnswer(
        program("scene", "filter_color:red", "filter_shape:moon", "unique", "query_region"), FACTS));
    assertEquals(new Value.Word("bottom"), ProgramExecutor.unambiguousAnswer(
        program("scene", "filter_color:red", "filter_shape:cube", "unique", "query_region"), FACTS));
    // The green star at x = 0.45 is 1.25 cm from the 0.4625 split: ambiguous.
    assertInstanceOf(Value.Invalid.class, ProgramExecutor.unambiguousAnswer(
        program("scene", "filter_color:green", "unique", "query_region"), FACTS));
    // Closest to the green star: red cube 0.04 away, yellow star 0.122 away.
    assertEquals(new Value.Word("red cube"), ProgramExecutor.unambiguousAnswer(
        program("scene", "filter_color:green", "unique", "closest", "query_name"), FACTS));
    // Arm at (0.25, 0.20): blue cube 0.112, yellow star 0.18.
    assertEquals(new Value.Word("blue cube"), ProgramExecutor.unambiguousAnswer(
        program("scene", "closest_to_effector", "query_name"), FACTS));
    // Next to the green star (< 0.05): only the red cube.
    assertEquals(new Value.Number(1), ProgramExecutor.unambiguousAnswer(
        program("scene", "filter_color:green", "unique", "filter_next_to", "count"), FACTS));
  }

  /** The block at board angle θ (0° = right = +y, 90° = up = −x) and distance r from the arm at (0.30, 0). */
  private static BlockPose fromArm(String id, double degrees, double r) {
    double t = Math.toRadians(degrees);
    return new BlockPose(BlockId.parse(id), 0.30 - r * Math.sin(t), r * Math.cos(t), 0);
  }

  private static Value headingOf(SceneFacts facts, String color, String shape) {
    return ProgramExecutor.unambiguousAnswer(
        program("scene", "filter_color:" + color, "filter_shape:" + shape, "unique", "heading_from_effector"), facts);
  }

  @Test
  void headingFromEffector() {
    // One block 0.1 m from the arm on each heading's centre line (sector k at k × 45°), red then blue blocks.
    List<String> headings = List.of("right", "up and right", "up", "up and left", "left", "down and left", "down",
        "down and right");
    String[] shapes = {"moon", "cube", "star", "pentagon"};
    List<BlockPose> poses = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      poses.add(fromArm((k < 4 ? "red_" : "blue_") + shapes[k % 4], 45.0 * k, 0.10));
    }
    // Near the 22.5° edge between right and up-and-right: 2.5° and 9.5° from it are rejected, 10.5° is not.
    poses.add(fromArm("green_moon", 20, 0.15));
    poses.add(fromArm("green_cube", 13, 0.20));
    poses.add(fromArm("green_star", 12, 0.25));
    // Straight down, 4 cm from the arm (too close to say) and 6 cm (clear).
    poses.add(fromArm("green_pentagon", -90, 0.04));
    poses.add(fromArm("yellow_moon", -90, 0.06));
    SceneState scene = new SceneState(poses, 0.30, 0.0, 0.30, 0.0);
    SceneFacts facts = new SceneFacts(scene, VqaConfig.defaults());
    for (int k = 0; k < 8; k++) {
      assertEquals(new Value.Word(headings.get(k)), headingOf(facts, k < 4 ? "red" : "blue", shapes[k % 4]),
          "sector " + k);
    }
    Value edge = headingOf(facts, "green", "moon");
    assertTrue(edge instanceof Value.Invalid i && i.reason().contains("2.5° from a heading boundary"), edge.toString());
    assertInstanceOf(Value.Invalid.class, headingOf(facts, "green", "cube"));
    assertEquals(new Value.Word("right"), headingOf(facts, "green", "star"));
    Value near = headingOf(facts, "green", "pentagon");
    assertTrue(near instanceof Value.Invalid i && i.reason().contains("0.040 m from the arm"), near.toString());
    assertEquals(new Value.Word("down"), headingOf(facts, "yellow", "moon"));

    // The generator asks only about the clear blocks, and answers as the executor does.
    QuestionGenerator g = new QuestionGenerator(VqaConfig.defaults(), EnumSet.of(QuestionFamily.ARM_DIRECTION));
    List<Question> asked = g.generate(scene, new SplittableRandom(3));
    assertEquals(1, asked.size(), "one template, instantiated once per scene");
    Question q = asked.getFirst();
    assertEquals(AnswerType.HEADING, q.answerType());
    assertTrue(!List.of("green_moon", "green_cube", "green_pentagon").contains(q.params().get("ref")), q.text());
    assertEquals(SceneOracle.answer(scene, q), q.answer(), q.text());
  }

  @Test
  void unknownFunctionsAndForwardReferencesFail() {
    assertThrows(IllegalArgumentException.class,
        () -> ProgramExecutor.answer(program("scene", "frobnicate"), FACTS, EvalMode.NOMINAL));
    assertThrows(IllegalArgumentException.class,
        () -> new Program(List.of(new ProgramNode("count", List.of(0), List.of()))));
  }
}
