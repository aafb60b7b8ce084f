package org.chatvla4j.world.vqa;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.chatvla4j.world.BlockColor;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.BlockShape;
import org.chatvla4j.world.BoardHeading;
import org.chatvla4j.world.SceneState;

/**
 * The geometry questions are asked about, computed once per scene: blocks indexed in scene order, object sets as bit
 * masks, and every spatial predicate in three readings. NOMINAL is the predicate itself; STRICT keeps only the pairs
 * that hold by a clear margin and LENIENT adds those that nearly hold. A question is unambiguous when its answer is
 * the same in all three readings (see {@link EvalMode}).
 */
public final class SceneFacts {
  /** The most blocks a scene can hold: the 16 distinct color × shape blocks. */
  public static final int MAX_BLOCKS = 16;

  private final SceneState scene;
  private final VqaConfig config;
  private final List<BlockPose> blocks;
  private final int allMask;
  /** filter[color ordinal or 4 for any][shape ordinal or 4 for any]. */
  private final int[][] filter;
  /** relation[mode][relation][anchor] = mask of blocks in that relation to the anchor. */
  private final int[][][] relation;
  private final Region[] region;
  private final boolean[] regionAmbiguous;
  private final int[][] regionMask;
  private final int[][] nextToMask;

  public SceneFacts(SceneState scene, VqaConfig config) {
    this.scene = Objects.requireNonNull(scene, "scene");
    this.config = Objects.requireNonNull(config, "config");
    this.blocks = scene.blocks();
    int n = blocks.size();
    if (n == 0) {
      throw new IllegalArgumentException("the scene has no blocks; questions and captions need at least one");
    }
    Set<BlockId> seen = new HashSet<>();
    for (BlockPose b : blocks) {
      if (!seen.add(b.id())) {
        throw new IllegalArgumentException("block " + b.id() + " appears twice in the scene; block ids must be unique");
      }
    }
    if (!Double.isFinite(scene.effectorX()) || !Double.isFinite(scene.effectorY())) {
      throw new IllegalArgumentException(
          "effector position must be finite, got (" + scene.effectorX() + ", " + scene.effectorY() + ")");
    }
    allMask = (1 << n) - 1;
    int colors = BlockColor.values().length;
    int shapes = BlockShape.values().length;
    filter = new int[colors + 1][shapes + 1];
    for (int i = 0; i < n; i++) {
      BlockId id = blocks.get(i).id();
      int bit = 1 << i;
      filter[id.color().ordinal()][id.shape().ordinal()] |= bit;
      filter[id.color().ordinal()][shapes] |= bit;
      filter[colors][id.shape().ordinal()] |= bit;
      filter[colors][shapes] |= bit;
    }
    EvalMode[] modes = EvalMode.values();
    relation = new int[modes.length][Relation.values().length][n];
    for (Relation r : Relation.values()) {
      for (int a = 0; a < n; a++) {
        for (int b = 0; b < n; b++) {
          if (a == b) {
            continue;
          }
          double d = r.offset(blocks.get(a), blocks.get(b));
          if (d > config.relationEps()) {
            relation[EvalMode.NOMINAL.ordinal()][r.ordinal()][a] |= 1 << b;
          }
          if (d >= config.relationMargin()) {
            relation[EvalMode.STRICT.ordinal()][r.ordinal()][a] |= 1 << b;
          }
          if (d > -config.relationMargin()) {
            relation[EvalMode.LENIENT.ordinal()][r.ordinal()][a] |= 1 << b;
          }
        }
      }
    }
    region = new Region[n];
    regionAmbiguous = new boolean[n];
    regionMask = new int[modes.length][Region.values().length];
    for (int i = 0; i < n; i++) {
      BlockPose b = blocks.get(i);
      region[i] = Region.of(b.x(), b.y());
      regionAmbiguous[i] = region[i].distanceToBoundary(b.x(), b.y()) < config.regionMargin();
      for (Region r : Region.values()) {
        if (r == region[i]) {
          regionMask[EvalMode.NOMINAL.ordinal()][r.ordinal()] |= 1 << i;
          if (!regionAmbiguous[i]) {
            regionMask[EvalMode.STRICT.ordinal()][r.ordinal()] |= 1 << i;
          }
        }
        if (r.containsWithin(b.x(), b.y(), config.regionMargin())) {
          regionMask[EvalMode.LENIENT.ordinal()][r.ordinal()] |= 1 << i;
        }
      }
    }
    nextToMask = new int[modes.length][n];
    for (int i = 0; i < n; i++) {
      int nominal = 0, strict = 0, lenient = 0;
      for (int j = 0; j < n; j++) {
        if (i == j) {
          continue;
        }
        double d = distance(i, j);
        if (d < config.nextToThreshold()) {
          nominal |= 1 << j;
        }
        if (d < config.nextToThreshold() - config.nextToMargin()) {
          strict |= 1 << j;
        }
        if (d < config.nextToThreshold() + config.nextToMargin()) {
          lenient |= 1 << j;
        }
      }
      nextToMask[EvalMode.NOMINAL.ordinal()][i] = nominal;
      nextToMask[EvalMode.STRICT.ordinal()][i] = strict;
      nextToMask[EvalMode.LENIENT.ordinal()][i] = lenient;
    }
  }

  public SceneState scene() {
    return scene;
  }

  public VqaConfig config() {
    return config;
  }

  public int size() {
    return blocks.size();
  }

  public BlockPose block(int i) {
    return blocks.get(i);
  }

  public BlockId id(int i) {
    return blocks.get(i).id();
  }

  public int allMask() {
    return allMask;
  }

  /** Blocks matching the filter; a null attribute matches everything. */
  public int filterMask(BlockColor color, BlockShape shape) {
    return filter[color == null ? BlockColor.values().length : color.ordinal()]
        [shape == null ? BlockShape.values().length : shape.ordinal()];
  }

  /** Blocks in relation {@code r} to the anchor, e.g. the blocks left of it. */
  public int related(EvalMode mode, Relation r, int anchor) {
    return relation[mode.ordinal()][r.ordinal()][anchor];
  }

  public Region region(int i) {
    return region[i];
  }

  public boolean regionAmbiguous(int i) {
    return regionAmbiguous[i];
  }

  public int inRegion(EvalMode mode, Region r) {
    return regionMask[mode.ordinal()][r.ordinal()];
  }

  public double distance(int i, int j) {
    return blocks.get(i).distanceTo(blocks.get(j));
  }

  public int nextTo(EvalMode mode, int i) {
    return nextToMask[mode.ordinal()][i];
  }

  /** Whether "i next to j" is too close to the threshold to say. */
  public boolean nextToAmbiguous(int i, int j) {
    return Math.abs(distance(i, j) - config.nextToThreshold()) < config.nextToMargin();
  }

  /** The block nearest to block i, or −1 when there is no other block or the runner-up is within the margin. */
  public int closestTo(int i) {
    BlockPose p = blocks.get(i);
    return closest(p.x(), p.y(), i);
  }

  /** The block nearest to the measured effector, or −1 when the runner-up is within the margin. */
  public int closestToEffector() {
    return closest(scene.effectorX(), scene.effectorY(), -1);
  }

  private int closest(double x, double y, int exclude) {
    int best = -1;
    double bestD = Double.POSITIVE_INFINITY;
    double second = Double.POSITIVE_INFINITY;
    for (int j = 0; j < blocks.size(); j++) {
      if (j == exclude) {
        continue;
      }
      double d = blocks.get(j).distanceTo(x, y);
      if (d < bestD) {
        second = bestD;
        bestD = d;
        best = j;
      } else if (d < second) {
        second = d;
      }
    }
    if (best < 0 || second - bestD < config.closestMargin()) {
      return -1;
    }
    return best;
  }

  /** How far block i's centre is from the measured effector, in metres. */
  public double distanceToEffector(int i) {
    return blocks.get(i).distanceTo(scene.effectorX(), scene.effectorY());
  }

  /** The heading from the effector to block i (of block − effector): the way the arm would move to reach it. */
  public BoardHeading headingFromEffector(int i) {
    BlockPose b = blocks.get(i);
    return BoardHeading.of(b.x() - scene.effectorX(), b.y() - scene.effectorY());
  }

  /** How many degrees block i's angle from the effector lies from the nearest boundary between two headings. */
  public double headingDegreesToBoundary(int i) {
    BlockPose b = blocks.get(i);
    return BoardHeading.degreesToBoundary(b.x() - scene.effectorX(), b.y() - scene.effectorY());
  }

  /** Index of the block with this id, or −1. */
  public int indexOf(BlockId id) {
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }
}
