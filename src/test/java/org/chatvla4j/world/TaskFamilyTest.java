package org.chatvla4j.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskFamilyTest {
  @Test
  void parsesIdsAndEvalKeys() {
    assertEquals(TaskFamily.BLOCK2BLOCK, TaskFamily.parse("block2block"));
    assertEquals(TaskFamily.BLOCK2BLOCK, TaskFamily.parse("blocktoblock"));
    assertEquals(TaskFamily.BLOCK2BLOCKRELATIVELOCATION, TaskFamily.parse(" Block2BlockRelativeLocation "));
    assertEquals(TaskFamily.SEPARATE, TaskFamily.parse("separate"));
    assertEquals(5, TaskFamily.EVAL_FAMILIES.size());
    assertTrue(!TaskFamily.EVAL_FAMILIES.contains(TaskFamily.POINT2BLOCK));
  }

  @Test
  void unknownFamilyListsTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskFamily.parse("stack"));
    for (TaskFamily f : TaskFamily.values()) {
      assertTrue(e.getMessage().contains(f.id()), e.getMessage());
    }
  }
}
