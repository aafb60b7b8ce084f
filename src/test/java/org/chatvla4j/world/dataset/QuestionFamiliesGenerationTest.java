package org.chatvla4j.world.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chatvla4j.data.ExistingOutput;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.vqa.QuestionFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code world generate --question-families}: only the named families are asked, and world.json records them. */
class QuestionFamiliesGenerationTest {
  @TempDir Path tmp;

  @Test
  void onlyTheNamedFamiliesAreAskedAndWorldJsonRecordsThem() {
    GenerateConfig config = GenerateConfig.defaults(2)
        .withFamilies(List.of(TaskFamily.BLOCK2BLOCK, TaskFamily.SEPARATE))
        .withImageSize(new ImageSize(45, 80))
        .withQuestionsPerScene(3)
        .withSeed(5)
        .withThreads(2)
        .withQuestionFamilies(EnumSet.of(QuestionFamily.ARM_DIRECTION, QuestionFamily.CLOSEST));
    Path dir = tmp.resolve("ds");
    new DatasetGenerator(config, "chatvla4j test").progress(false).generate(dir, ExistingOutput.REFUSE_NON_EMPTY);
    Path world = dir.resolve(WorldJson.FILE_NAME);
    Map<String, Integer> families = new TreeMap<>();
    WorldJson.readQuestions(world).forEach(q -> families.merge(q.family(), 1, Integer::sum));
    assertEquals(List.of("arm_direction", "closest"), List.copyOf(families.keySet()), families.toString());
    assertEquals(config, WorldJson.readGenerateConfig(world, config.threads()));
  }

  @Test
  void listsParseWithAllAndUnknownKeysAreNamed() {
    assertEquals(QuestionFamily.standard(), QuestionFamily.parseList(List.of()));
    assertEquals(EnumSet.allOf(QuestionFamily.class), QuestionFamily.parseList(List.of("all")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QuestionFamily.parseList(List.of("arm")));
    assertTrue(e.getMessage().startsWith("--question-families: unknown question family 'arm'; known: query_color"),
        e.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> GenerateConfig.defaults(1).withQuestionFamilies(EnumSet.noneOf(QuestionFamily.class)));
    assertTrue(empty.getMessage().contains("--question-families"), empty.getMessage());
  }
}
