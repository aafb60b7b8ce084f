package org.chatvla4j.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockSetTest {
  private static List<BlockId> ids(String... names) {
    return Arrays.stream(names).map(BlockId::parse).toList();
  }

  @Test
  void fixedSets() {
    assertEquals(ids("red_moon", "blue_cube", "green_star", "yellow_pentagon"), BlockSet.BLOCK_4.vocabulary());
    List<BlockId> b8 = BlockSet.BLOCK_8.vocabulary();
    assertEquals(8, b8.size());
    for (BlockColor c : BlockColor.values()) {
      assertEquals(2, b8.stream().filter(b -> b.color() == c).count(), c + " twice");
    }
    for (BlockShape s : BlockShape.values()) {
      assertEquals(2, b8.stream().filter(b -> b.shape() == s).count(), s + " twice");
    }
    assertEquals(16, BlockSet.ALL_BLOCKS.size());
    assertEquals(BlockId.parse("red_moon"), BlockSet.ALL_BLOCKS.get(0));
    assertEquals(BlockId.parse("yellow_pentagon"), BlockSet.ALL_BLOCKS.get(15));
  }

  /** The split reproduces numpy's RandomState(0).shuffle of the itertools combinations (values from numpy 2.4). */
  @Test
  void nChooseKSplitMatchesTheOriginal() {
    assertEquals(52_158, BlockSet.N_CHOOSE_K.subsetCount(true));
    assertEquals(5_796, BlockSet.N_CHOOSE_K.subsetCount(false));
    assertEquals(
        ids("red_pentagon", "blue_moon", "blue_star", "blue_pentagon", "green_star", "yellow_star", "yellow_pentagon"),
        BlockSet.N_CHOOSE_K.subset(0, true));
    assertEquals(
        ids(
            "red_cube", "red_star", "blue_moon", "blue_cube", "blue_star", "green_star", "green_pentagon",
            "yellow_cube", "yellow_star", "yellow_pentagon"),
        BlockSet.N_CHOOSE_K.subset(1, true));
    assertEquals(
        ids(
            "red_moon", "red_cube", "red_pentagon", "blue_cube", "blue_star", "green_star", "green_pentagon",
            "yellow_cube", "yellow_star", "yellow_pentagon"),
        BlockSet.N_CHOOSE_K.subset(0, false));
    assertEquals(
        ids("red_moon", "blue_moon", "blue_cube", "yellow_cube", "yellow_star"), BlockSet.N_CHOOSE_K.subset(5795, false));
    // numpy: np.bincount of the test-split sizes = 193, 453, 772, 1155, 1295, 1094, 834 for k = 4..10.
    int[] hist = new int[11];
    for (int i = 0; i < 5_796; i++) {
      hist[BlockSet.N_CHOOSE_K.subset(i, false).size()]++;
    }
    assertEquals(List.of(193, 453, 772, 1155, 1295, 1094, 834), Arrays.stream(hist, 4, 11).boxed().toList());
  }

  @Test
  void sampledSubsetsAreValid() {
    Random rng = new Random(3);
    for (int i = 0; i < 50; i++) {
      List<BlockId> s = BlockSet.N_CHOOSE_K.sample(rng, i % 2 == 0);
      assertTrue(s.size() >= 4 && s.size() <= 10);
      assertEquals(s.size(), new HashSet<>(s).size());
    }
    assertEquals(BlockSet.BLOCK_8.vocabulary(), BlockSet.BLOCK_8.sample(rng, false));
  }

  @Test
  void badNamesAreExplained() {
    assertEquals(BlockSet.BLOCK_8, BlockSet.parse("block_8"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlockSet.parse("BLOCK_5"));
    assertTrue(e.getMessage().contains("BLOCK_4") && e.getMessage().contains("N_CHOOSE_K"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> BlockSet.N_CHOOSE_K.subset(5_796, false));
  }
}
