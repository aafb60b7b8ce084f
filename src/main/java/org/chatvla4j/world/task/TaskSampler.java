package org.chatvla4j.world.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.Workspace;

/**
 * Goal sampling and instruction templates of the six families, ported from {@code rewards/*.py}
 * (tabletop-benchmark.md §5). {@link #sample} returns empty where the original returns {@code FAILURE} (no valid goal
 * for this layout), and the env then resamples the layout.
 *
 * <p>One deliberate difference: {@code separate} draws its words from the env's seeded generator, where the original
 * uses numpy's unseeded global one.
 */
public final class TaskSampler {
  private TaskSampler() {}

  /** {@code BLOCK2ABSOLUTELOCATION_VERBS} = {@code BLOCK2RELATIVELOCATION_VERBS}. */
  public static final List<String> LOCATION_VERBS = List.of("move the", "push the", "slide the");

  /** The enumerator's verbs for block2blockrelativelocation ('bring the' is never sampled). */
  public static final List<String> BLOCK_RELATIVE_VERBS =
      List.of("move the", "push the", "put the", "bring the", "slide the");

  /** {@code block2relativelocation.DIRECTION_SYNONYMS} (cardinal directions). */
  public static final Map<Direction, List<String>> DIRECTION_SYNONYMS =
      Map.of(
          Direction.UP, List.of("up", "upwards"),
          Direction.DOWN, List.of("down", "downwards"),
          Direction.LEFT, List.of("to the left", "left"),
          Direction.RIGHT, List.of("to the right", "right"));

  public static final List<String> DIAGONAL_TEMPLATES =
      List.of("%s and %s", "%s and then %s", "diagonally %s and %s", "%s and %s diagonally");

  public static final List<String> SLIGHTLY_SYNONYMS =
      List.of("slightly", "a bit", "a little", "a little bit", "somewhat");

  /** {@code block2block_relative_location.DIRECTION_SYNONYMS}. */
  public static final Map<Direction, List<String>> RELATIVE_TO_BLOCK_SYNONYMS =
      Map.of(
          Direction.UP, List.of("above the", "to the top side of the", "to the top of the"),
          Direction.DOWN, List.of("below the", "to the bottom side of the", "to the bottom of the"),
          Direction.LEFT,
              List.of("just left of the", "to the left of the", "left of the", "to the left side of the"),
          Direction.RIGHT,
              List.of("just right of the", "to the right of the", "right of the", "to the right side of the"),
          Direction.DIAGONAL_UP_LEFT,
              List.of(
                  "to the top left side of the", "to the top left of the", "diagonally up and to the left of the"),
          Direction.DIAGONAL_UP_RIGHT,
              List.of(
                  "to the top right side of the", "to the top right of the", "diagonally up and to the right of the"),
          Direction.DIAGONAL_DOWN_LEFT,
              List.of(
                  "to the bottom left side of the",
                  "to the bottom left of the",
                  "diagonally down and to the left of the"),
          Direction.DIAGONAL_DOWN_RIGHT,
              List.of(
                  "to the bottom right side of the",
                  "to the bottom right of the",
                  "diagonally down and to the right of the"));

  public static final List<String> SEPARATE_TEMPLATES =
      List.of("pull the %s apart from the %s", "move the %s away from the %s", "separate the %s from the %s");

  public static final List<String> GROUP_SYNONYMS = List.of("group", "clump", "group of blocks");

  /** {@code REST}: in the original it is always overwritten by a later branch, so it never appears. */
  public static final String REST = "rest of the blocks";

  /**
   * Samples a task of {@code family} for the blocks {@code onTable} in {@code scene}, or empty where the original
   * returns FAILURE.
   */
  public static Optional<Task> sample(
      TaskFamily family, SceneState scene, List<BlockId> onTable, RandomGenerator rng) {
    if (onTable.isEmpty()) {
      throw new IllegalArgumentException("no blocks on the table");
    }
    return switch (family) {
      case BLOCK2BLOCK -> block2block(scene, onTable, rng);
      case BLOCK2ABSOLUTELOCATION -> block2absolute(scene, onTable, rng);
      case BLOCK2RELATIVELOCATION -> block2relative(scene, onTable, rng);
      case BLOCK2BLOCKRELATIVELOCATION -> block2blockRelative(scene, onTable, rng);
      case SEPARATE -> separate(scene, onTable, rng);
      case POINT2BLOCK -> point2block(scene, onTable, rng);
    };
  }

  static <T> T choice(RandomGenerator rng, List<T> items) {
    return items.get(rng.nextInt(items.size()));
  }

  /** {@code rng.choice(blocks, 2, replace=False)}. */
  private static BlockId[] twoDistinct(RandomGenerator rng, List<BlockId> onTable) {
    if (onTable.size() < 2) {
      throw new IllegalArgumentException("this family needs two blocks on the table, got " + onTable);
    }
    int i = rng.nextInt(onTable.size());
    int j = rng.nextInt(onTable.size() - 1);
    if (j >= i) {
      j++;
    }
    return new BlockId[] {onTable.get(i), onTable.get(j)};
  }

  private static String syn(RandomGenerator rng, BlockId b, List<BlockId> onTable) {
    return choice(rng, Synonyms.blockSynonyms(b, onTable));
  }

  private static Optional<Task> block2block(SceneState scene, List<BlockId> onTable, RandomGenerator rng) {
    int attempts = 0;
    BlockId[] pair;
    while (true) {
      pair = twoDistinct(rng, onTable);
      if (scene.require(pair[0]).distanceTo(scene.require(pair[1])) < Block2BlockTask.MIN_START_DISTANCE) {
        if (++attempts > 10) {
          return Optional.empty();
        }
        continue;
      }
      break;
    }
    String verb = choice(rng, Synonyms.PUSH_VERBS);
    String start = syn(rng, pair[0], onTable);
    String target = syn(rng, pair[1], onTable);
    String prep = choice(rng, Synonyms.PREPOSITIONS);
    return Optional.of(
        new Block2BlockTask(verb + " " + start + " " + prep + " " + target, pair[0], start, pair[1], target, prep));
  }

  private static Optional<Task> block2absolute(SceneState scene, List<BlockId> onTable, RandomGenerator rng) {
    BlockId block = choice(rng, onTable);
    AbsoluteLocation loc = choice(rng, AbsoluteLocation.sortedByKey());
    String verb = choice(rng, Synonyms.PUSH_VERBS);
    String text = syn(rng, block, onTable);
    String locText = choice(rng, loc.synonyms());
    Task t = new Block2AbsoluteLocationTask(verb + " " + text + " to the " + locText, block, text, loc, locText);
    return t.succeeded(scene) ? Optional.empty() : Optional.of(t);
  }

  private static Optional<Task> block2relative(SceneState scene, List<BlockId> onTable, RandomGenerator rng) {
    List<Direction> sorted = Arrays.stream(Direction.values()).sorted(Comparator.comparing(Direction::key)).toList();
    int tries = 0;
    BlockId block;
    Direction dir;
    boolean near;
    double tx;
    double ty;
    while (true) {
      block = choice(rng, onTable);
      BlockPose p = scene.require(block);
      dir = choice(rng, sorted);
      near = rng.nextInt(2) == 1; // sorted(['near', 'far']) = ['far', 'near']
      double mag = near ? Block2RelativeLocationTask.NEAR : Block2RelativeLocationTask.FAR;
      double[] u = dir.unit();
      tx = p.x() + u[0] * mag;
      ty = p.y() + u[1] * mag;
      if (Workspace.insideBounds(tx, ty)) {
        break;
      }
      if (++tries > 100) {
        return Optional.empty();
      }
    }
    String verb = choice(rng, LOCATION_VERBS);
    String text = syn(rng, block, onTable);
    String dirText;
    if (dir.diagonal()) {
      String first = choice(rng, DIRECTION_SYNONYMS.get(dir.vertical()));
      String second = choice(rng, DIRECTION_SYNONYMS.get(dir.horizontal()));
      dirText = String.format(choice(rng, DIAGONAL_TEMPLATES), first, second);
    } else {
      dirText = choice(rng, DIRECTION_SYNONYMS.get(dir));
    }
    String instruction;
    String phrase;
    if (near) {
      int mode = rng.nextInt(3);
      if (mode == 0) {
        instruction = "slightly " + verb + " " + text + " " + dirText;
        phrase = "slightly " + dirText;
      } else {
        String sl = choice(rng, SLIGHTLY_SYNONYMS);
        if (mode == 1) {
          instruction = verb + " " + text + " " + sl + " " + dirText;
          phrase = sl + " " + dirText;
        } else {
          instruction = verb + " " + text + " " + dirText + " " + sl;
          phrase = dirText + " " + sl;
        }
      }
    } else {
      instruction = verb + " " + text + " " + dirText;
      phrase = dirText;
    }
    return Optional.of(new Block2RelativeLocationTask(instruction, block, text, dir, near, tx, ty, phrase));
  }

  private static Optional<Task> block2blockRelative(SceneState scene, List<BlockId> onTable, RandomGenerator rng) {
    int tries = 0;
    BlockId[] pair;
    Direction dir;
    while (true) {
      pair = twoDistinct(rng, onTable);
      dir = choice(rng, List.of(Direction.values()));
      BlockPose t = scene.require(pair[1]);
      double m = dir.diagonal() ? Block2BlockRelativeLocationTask.MAGNITUDE_DIAGONAL : Block2BlockRelativeLocationTask.MAGNITUDE;
      if (Workspace.insideBounds(t.x() + dir.dx() * m, t.y() + dir.dy() * m)) {
        break;
      }
      if (++tries > 100) {
        return Optional.empty();
      }
    }
    String verb = choice(rng, Synonyms.PUSH_VERBS);
    String text = syn(rng, pair[0], onTable);
    String targetText = syn(rng, pair[1], onTable);
    String dirText = choice(rng, RELATIVE_TO_BLOCK_SYNONYMS.get(dir));
    BlockPose t = scene.require(pair[1]);
    Task task =
        new Block2BlockRelativeLocationTask(
            verb + " " + text + " " + dirText + " " + targetText,
            pair[0],
            text,
            pair[1],
            targetText,
            dir,
            dirText,
            t.x(),
            t.y());
    return task.succeeded(scene) ? Optional.empty() : Optional.of(task);
  }

  /** The block with the smallest mean distance to its neighbours within 0.08 m, and those neighbours (closest first). */
  static Optional<Map.Entry<BlockId, List<BlockId>>> blocksToSeparate(SceneState scene, List<BlockId> onTable) {
    BlockId best = null;
    List<BlockId> bestNeighbours = List.of();
    double bestMean = Double.POSITIVE_INFINITY;
    for (BlockId src : onTable) {
      BlockPose p = scene.require(src);
      List<Map.Entry<BlockId, Double>> d = new ArrayList<>();
      for (BlockId other : onTable) {
        if (!other.equals(src)) {
          d.add(Map.entry(other, p.distanceTo(scene.require(other))));
        }
      }
      d.sort(Map.Entry.comparingByValue()); // stable, like Python's sorted
      List<Map.Entry<BlockId, Double>> close =
          d.stream().filter(e -> e.getValue() < SeparateTask.JOINED_THRESHOLD).toList();
      double mean =
          close.isEmpty()
              ? Double.POSITIVE_INFINITY
              : close.stream().mapToDouble(Map.Entry::getValue).sum() / close.size();
      // Strictly smaller keeps the first of equals, as a stable sort would.
      if (best == null || mean < bestMean) {
        best = src;
        bestMean = mean;
        bestNeighbours = close.stream().map(Map.Entry::getKey).toList();
      }
    }
    if (bestNeighbours.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Map.entry(best, bestNeighbours));
  }

  private static Optional<Task> separate(SceneState scene, List<BlockId> onTable, RandomGenerator rng) {
    Optional<Map.Entry<BlockId, List<BlockId>>> sep = blocksToSeparate(scene, onTable);
    if (sep.isEmpty()) {
      return Optional.empty();
    }
    BlockId block = sep.get().getKey();
    List<BlockId> avoid = sep.get().getValue();
    double[] target = SeparateTask.targetFor(scene, block, avoid);
    if (!Workspace.insideBounds(target[0], target[1])) {
      return Optional.empty();
    }
    String text = syn(rng, block, onTable);
    List<String> avoidSyns = avoid.stream().map(a -> syn(rng, a, onTable)).toList();
    String group = choice(rng, GROUP_SYNONYMS);
    String avoidText = avoidPhrase(avoidSyns, onTable.size(), group, rng);
    String instruction = String.format(choice(rng, SEPARATE_TEMPLATES), text, avoidText);
    return Optional.of(new SeparateTask(instruction, block, text, avoid, avoidText));
  }

  /**
   * The original's chain of ifs: REST when all other blocks are avoided, then one name, "A and B", "A, B, and C"
   * or a group word (chosen at random), and a group word for four or more; the later branches overwrite REST.
   * {@code rng} is null in the enumerator, which always takes the specific three-name form.
   */
  static String avoidPhrase(List<String> names, int blocksOnTable, String group, RandomGenerator rng) {
    String s = null;
    if (names.size() == blocksOnTable - 1) {
      s = REST;
    }
    switch (names.size()) {
      case 1 -> s = names.get(0);
      case 2 -> s = names.get(0) + " and " + names.get(1);
      case 3 -> {
        String specific = names.get(0) + ", " + names.get(1) + ", and " + names.get(2);
        s = rng == null ? specific : choice(rng, List.of(specific, group));
      }
      default -> {
        if (names.size() >= 4) {
          s = group;
        }
      }
    }
    return s;
  }

  private static Optional<Task> point2block(SceneState scene, List<BlockId> onTable, RandomGenerator rng) {
    int attempts = 0;
    BlockId block;
    while (true) {
      block = choice(rng, onTable);
      if (scene.require(block).distanceTo(scene.targetX(), scene.targetY()) < Point2BlockTask.MIN_START_DISTANCE) {
        if (++attempts > 10) {
          return Optional.empty();
        }
        continue;
      }
      break;
    }
    String text = syn(rng, block, onTable);
    String prep = choice(rng, Synonyms.POINT_PREPOSITIONS);
    return Optional.of(new Point2BlockTask(prep + " " + text, block, text));
  }
}
