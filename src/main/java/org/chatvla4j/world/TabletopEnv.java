package org.chatvla4j.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.chatvla4j.world.physics.TabletopPhysics;
import org.chatvla4j.world.task.Task;
import org.chatvla4j.world.task.TaskSampler;

/**
 * The Language-Table re-creation: planar physics ({@link TabletopPhysics}), a block set and one task family.
 *
 * <p>{@link #reset(long)} follows {@code _reset_poses_randomly} (tabletop-benchmark.md §4): draw the blocks on the
 * table, the effector start uniformly in the inner box, then each block's position in the same box and yaw in
 * [0, 2π), at least {@link Workspace#BLOCK_SPACING} from the blocks already placed (so overlaps happen and the
 * physics resolves them) and {@link Workspace#ARM_CLEARANCE} from the effector, 20 tries per block; settle for 200
 * substeps; sample the task, resampling the layout on FAILURE; finally ask the optional {@link LayoutFilter} (the
 * eval's "can the oracle plan this?" check) and resample when it refuses. Everything is drawn from one {@link
 * Random} seeded with the episode seed, and the physics world is rebuilt per layout, so a seed fixes the episode
 * bit for bit.
 *
 * <p>Where the original raises after 20 failed tries for one block, this resamples the whole layout.
 */
public final class TabletopEnv implements Env {
  /** Substeps of settling after the blocks are placed. */
  public static final int SETTLE_SUBSTEPS = 200;

  /** Tries to place one block before the layout is redrawn. */
  public static final int PLACEMENT_TRIES = 20;

  /** Layouts drawn per reset before giving up. */
  public static final int MAX_LAYOUTS = 1000;

  /** Decides whether a sampled layout and task are kept (e.g. the eval's oracle-plan check). */
  @FunctionalInterface
  public interface LayoutFilter {
    boolean accept(SceneState scene, Task task);
  }

  private final BlockSet blockSet;
  private final TaskFamily family;
  private final boolean training;
  private final FrameRenderer renderer;
  private final LayoutFilter filter;

  private TabletopPhysics physics;
  private Task task;
  private List<BlockId> onTable;
  private int steps;

  /** An env with training-split block subsets, no renderer and no layout filter. */
  public TabletopEnv(BlockSet blockSet, TaskFamily family) {
    this(blockSet, family, true, null, null);
  }

  /**
   * @param training for N_CHOOSE_K, draw subsets from the training split (else the test split)
   * @param renderer renders {@link Observation#rgb()}; may be null
   * @param filter keeps or rejects sampled layouts; may be null
   */
  public TabletopEnv(
      BlockSet blockSet, TaskFamily family, boolean training, FrameRenderer renderer, LayoutFilter filter) {
    this.blockSet = Objects.requireNonNull(blockSet, "blockSet");
    this.family = Objects.requireNonNull(family, "family");
    this.training = training;
    this.renderer = renderer;
    this.filter = filter;
  }

  public BlockSet blockSet() {
    return blockSet;
  }

  public TaskFamily family() {
    return family;
  }

  @Override
  public Observation reset(long seed) {
    Random rng = new Random(seed);
    List<BlockId> blocks = blockSet.sample(rng, training);
    for (int layout = 0; layout < MAX_LAYOUTS; layout++) {
      double ex = uniform(rng, Workspace.INNER_X_MIN, Workspace.INNER_X_MAX);
      double ey = uniform(rng, Workspace.INNER_Y_MIN, Workspace.INNER_Y_MAX);
      Optional<List<BlockPose>> poses = placeBlocks(rng, blocks, ex, ey);
      if (poses.isEmpty()) {
        continue;
      }
      TabletopPhysics p = new TabletopPhysics(poses.get(), ex, ey);
      p.settle(SETTLE_SUBSTEPS);
      SceneState scene = p.scene();
      Optional<Task> t = TaskSampler.sample(family, scene, blocks, rng);
      if (t.isEmpty() || (filter != null && !filter.accept(scene, t.get()))) {
        continue;
      }
      physics = p;
      task = t.get();
      onTable = blocks;
      steps = 0;
      return observation(scene);
    }
    throw new IllegalStateException(
        "no valid " + family + " layout with " + blockSet + " after " + MAX_LAYOUTS + " tries (seed " + seed + ")");
  }

  private static Optional<List<BlockPose>> placeBlocks(Random rng, List<BlockId> blocks, double ex, double ey) {
    List<BlockPose> placed = new ArrayList<>(blocks.size());
    for (BlockId id : blocks) {
      BlockPose pose = null;
      for (int attempt = 0; attempt <= PLACEMENT_TRIES && pose == null; attempt++) {
        double x = uniform(rng, Workspace.INNER_X_MIN, Workspace.INNER_X_MAX);
        double y = uniform(rng, Workspace.INNER_Y_MIN, Workspace.INNER_Y_MAX);
        double yaw = uniform(rng, 0, 2 * Math.PI);
        boolean apart = placed.stream().allMatch(b -> b.distanceTo(x, y) > Workspace.BLOCK_SPACING);
        if (apart && Math.hypot(x - ex, y - ey) > Workspace.ARM_CLEARANCE) {
          pose = new BlockPose(id, x, y, yaw);
        }
      }
      if (pose == null) {
        return Optional.empty();
      }
      placed.add(pose);
    }
    return Optional.of(placed);
  }

  private static double uniform(Random rng, double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  @Override
  public StepResult step(double[] action) {
    requireEpisode();
    if (action == null || action.length != 2) {
      throw new IllegalArgumentException(
          "an action is {dx, dy} in metres, got " + (action == null ? "null" : action.length + " numbers"));
    }
    if (!Double.isFinite(action[0]) || !Double.isFinite(action[1])) {
      throw new IllegalArgumentException(
          "action must be finite (dx, dy in metres), got [" + action[0] + ", " + action[1] + "]");
    }
    double[] target = Workspace.commandedTarget(physics.targetX(), physics.targetY(), action);
    physics.setTarget(target[0], target[1]);
    physics.controlStep();
    steps++;
    SceneState scene = physics.scene();
    boolean success = task.succeeded(scene);
    return new StepResult(observation(scene), success ? Workspace.GOAL_REWARD : 0.0, success, success);
  }

  private Observation observation(SceneState scene) {
    return new Observation(scene, task.instruction(), family, steps, renderer);
  }

  private void requireEpisode() {
    if (physics == null) {
      throw new IllegalStateException("no episode yet: call reset(seed) first");
    }
  }

  /** The current task: privileged information for oracles, recorders and reports, not for learned policies. */
  public Task task() {
    requireEpisode();
    return task;
  }

  /** The current scene. */
  public SceneState scene() {
    requireEpisode();
    return physics.scene();
  }

  /** The blocks on the table this episode, in placement order. */
  public List<BlockId> blocksOnTable() {
    requireEpisode();
    return onTable;
  }

  /** Whether the current scene satisfies the task ({@code env.succeeded}). */
  public boolean succeeded() {
    return task().succeeded(scene());
  }

  /** Control steps taken since the last reset. */
  public int steps() {
    return steps;
  }
}
