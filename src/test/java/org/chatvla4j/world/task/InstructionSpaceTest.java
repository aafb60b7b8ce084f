package org.chatvla4j.world.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.junit.jupiter.api.Test;

/** The instruction-space table of tabletop-benchmark.md §5, counted by running the enumerators. */
class InstructionSpaceTest {

  private static Map<TaskFamily, Integer> counts(BlockSet set) {
    Map<TaskFamily, Integer> out = new LinkedHashMap<>();
    for (TaskFamily f : TaskFamily.values()) {
      out.put(f, InstructionSpace.unique(InstructionSpace.enumerate(f, set)).size());
    }
    return out;
  }

  @Test
  void block4CountsMatchTheTable() {
    Map<TaskFamily, Integer> c = counts(BlockSet.BLOCK_4);
    assertEquals(192, c.get(TaskFamily.BLOCK2BLOCK));
    assertEquals(52, c.get(TaskFamily.POINT2BLOCK));
    assertEquals(10_368, c.get(TaskFamily.BLOCK2RELATIVELOCATION));
    assertEquals(372, c.get(TaskFamily.BLOCK2ABSOLUTELOCATION));
    assertEquals(1_560, c.get(TaskFamily.BLOCK2BLOCKRELATIVELOCATION));
    assertEquals(36, c.get(TaskFamily.SEPARATE));
    // The separate enumerator repeats every string once per group word (unused below four avoided blocks).
    assertEquals(108, InstructionSpace.enumerate(TaskFamily.SEPARATE, BlockSet.BLOCK_4).size());
    assertEquals(12_580, union(BlockSet.BLOCK_4).size());
    assertEquals(57, vocabulary(BlockSet.BLOCK_4).size());
  }

  @Test
  void block8CountsMatchTheTable() {
    Map<TaskFamily, Integer> c = counts(BlockSet.BLOCK_8);
    assertEquals(896, c.get(TaskFamily.BLOCK2BLOCK));
    assertEquals(104, c.get(TaskFamily.POINT2BLOCK));
    assertEquals(20_736, c.get(TaskFamily.BLOCK2RELATIVELOCATION));
    assertEquals(744, c.get(TaskFamily.BLOCK2ABSOLUTELOCATION));
    assertEquals(7_280, c.get(TaskFamily.BLOCK2BLOCKRELATIVELOCATION));
    assertEquals(144, c.get(TaskFamily.SEPARATE));
    assertEquals(29_904, union(BlockSet.BLOCK_8).size());
    assertEquals(60, vocabulary(BlockSet.BLOCK_8).size());
  }

  private static Set<String> union(BlockSet set) {
    Set<String> all = new HashSet<>();
    for (TaskFamily f : TaskFamily.values()) {
      all.addAll(InstructionSpace.enumerate(f, set));
    }
    return all;
  }

  /** Whitespace tokens, as the reference counted them ("cube," and "cube" are two). */
  private static Set<String> vocabulary(BlockSet set) {
    Set<String> words = new HashSet<>();
    for (String s : union(set)) {
      words.addAll(Arrays.asList(s.split(" ")));
    }
    return words;
  }
}
