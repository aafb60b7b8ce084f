package org.chatvla4j.world;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Which blocks are on the table ({@code LanguageTableBlockVariants}, tabletop-benchmark.md §2).
 *
 * <ul>
 *   <li>{@link #BLOCK_4}: red moon, blue cube, green star, yellow pentagon.
 *   <li>{@link #BLOCK_8}: two of each color and two of each shape; the official eval set.
 *   <li>{@link #N_CHOOSE_K}: every combination of 4–10 of the 16 blocks, shuffled with numpy's {@code
 *       RandomState(0)} exactly as the original, the first 90 % (52,158) for training and the rest (5,796) for test.
 * </ul>
 */
public enum BlockSet {
  BLOCK_4("red_moon", "blue_cube", "green_star", "yellow_pentagon"),
  BLOCK_8(
      "red_moon",
      "red_pentagon",
      "blue_moon",
      "blue_cube",
      "green_cube",
      "green_star",
      "yellow_star",
      "yellow_pentagon"),
  N_CHOOSE_K();

  /** The 16 blocks in the original order: colors (red, blue, green, yellow) × shapes (moon, cube, star, pentagon). */
  public static final List<BlockId> ALL_BLOCKS;

  public static final int MIN_K = 4;
  public static final int MAX_K = 10;

  static {
    List<BlockId> all = new ArrayList<>();
    for (BlockColor c : BlockColor.values()) {
      for (BlockShape s : BlockShape.values()) {
        all.add(new BlockId(c, s));
      }
    }
    ALL_BLOCKS = List.copyOf(all);
  }

  private final List<BlockId> fixed;

  BlockSet(String... names) {
    this.fixed = Arrays.stream(names).map(BlockId::parse).toList();
  }

  /**
   * The blocks the instructions of this set can name ({@code get_block_set}): the fixed set, or all 16 for
   * N_CHOOSE_K.
   */
  public List<BlockId> vocabulary() {
    return this == N_CHOOSE_K ? ALL_BLOCKS : fixed;
  }

  /** How many distinct subsets an episode can draw from. */
  public int subsetCount(boolean training) {
    if (this != N_CHOOSE_K) {
      return 1;
    }
    return training ? Combinations.TRAIN : Combinations.MASKS.length - Combinations.TRAIN;
  }

  /** The {@code index}-th subset (blocks in {@link #ALL_BLOCKS} order for N_CHOOSE_K). */
  public List<BlockId> subset(int index, boolean training) {
    int n = subsetCount(training);
    if (index < 0 || index >= n) {
      throw new IndexOutOfBoundsException(name() + " has " + n + " subsets, index " + index);
    }
    if (this != N_CHOOSE_K) {
      return fixed;
    }
    int mask = Combinations.MASKS[training ? index : Combinations.TRAIN + index];
    List<BlockId> out = new ArrayList<>(Integer.bitCount(mask));
    for (int i = 0; i < ALL_BLOCKS.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        out.add(ALL_BLOCKS.get(i));
      }
    }
    return List.copyOf(out);
  }

  /** A uniformly drawn subset, as the env's reset does. */
  public List<BlockId> sample(RandomGenerator rng, boolean training) {
    return subset(rng.nextInt(subsetCount(training)), training);
  }

  /** Parses a name case-insensitively; the error lists the valid names. */
  public static BlockSet parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown block set '" + name + "'; valid: " + Arrays.toString(values()));
    }
  }

  /** The N_CHOOSE_K combinations as bit masks over {@link #ALL_BLOCKS}, shuffled as the original; built on first use. */
  private static final class Combinations {
    static final int[] MASKS;
    static final int TRAIN;

    static {
      List<Integer> masks = new ArrayList<>();
      for (int k = MIN_K; k <= MAX_K; k++) {
        addCombinations(ALL_BLOCKS.size(), k, 0, 0, 0, masks);
      }
      MASKS = masks.stream().mapToInt(Integer::intValue).toArray();
      new NumpyLegacyShuffle(0).shuffle(MASKS);
      TRAIN = (int) (MASKS.length * 0.9);
    }

    /** itertools.combinations order: lexicographic in the element indices. */
    private static void addCombinations(int n, int k, int start, int depth, int mask, List<Integer> out) {
      if (depth == k) {
        out.add(mask);
        return;
      }
      for (int i = start; i <= n - (k - depth); i++) {
        addCombinations(n, k, i + 1, depth + 1, mask | (1 << i), out);
      }
    }
  }
}
