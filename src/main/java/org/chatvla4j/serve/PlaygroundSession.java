package org.chatvla4j.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.policy.ActionChunk;
import org.chatvla4j.policy.ChunkPolicy;
import org.chatvla4j.policy.TabletopPolicy;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.StepResult;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.render.PngFiles;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * One visitor's tabletop in the playground: a seeded episode, the frames it renders, and robot steps driven by the
 * model with whatever instruction the visitor types. Its methods are synchronized: a session is one scene, so its
 * requests take turns; different sessions share nothing but the model's gate.
 */
final class PlaygroundSession {
  private final SceneRenderer display;
  private final SceneRenderer modelView;
  private final BlockSet blockSet;
  private final ChunkPolicy policy;
  private TabletopEnv env;
  private Observation observation;
  private long seed;
  private int steps;
  private boolean success;

  /**
   * @param display renders the frames the page shows
   * @param modelView renders the frames the model is asked about, at the size it was trained on
   * @param blockSet the blocks every scene is set with: those the model was trained on
   */
  PlaygroundSession(SceneRenderer display, SceneRenderer modelView, BlockSet blockSet, ChunkPolicy policy) {
    this.display = display;
    this.modelView = modelView;
    this.blockSet = blockSet;
    this.policy = policy;
  }

  synchronized ObjectNode reset(long seed, TaskFamily family) {
    env = new TabletopEnv(blockSet, family, false, s -> modelView.render(s).toBufferedImage(), null);
    observation = env.reset(seed);
    this.seed = seed;
    steps = 0;
    success = false;
    return state();
  }

  synchronized byte[] framePng() {
    return PngFiles.encode(display.render(observation.scene()));
  }

  synchronized RgbImage frame() {
    return RgbImage.of(modelView.render(observation.scene()).toBufferedImage());
  }

  /** Asks the model once with {@code instruction} and executes up to {@code maxActions} actions of its chunk. */
  synchronized ObjectNode act(String instruction, int maxActions) {
    if (instruction == null || instruction.isBlank()) {
      throw new IllegalArgumentException("the instruction is empty");
    }
    Observation asked = new Observation(observation.scene(), instruction, observation.family(), observation.step(), observation.renderer());
    ActionChunk chunk = policy.infer(TabletopPolicy.query(asked));
    if (chunk.actionDim() != 2) {
      throw new IllegalStateException("the tabletop takes Δxy actions but the model returns " + chunk.actionDim() + " values");
    }
    int n = Math.min(maxActions, chunk.length());
    for (int i = 0; i < n; i++) {
      float[] a = chunk.action(i);
      StepResult r = env.step(new double[] {a[0], a[1]});
      observation = r.observation();
      steps++;
      success |= r.success();
    }
    ObjectNode out = state();
    out.put("reasoning", chunk.reasoning());
    out.put("executed", n);
    var actions = out.putArray("actions");
    for (float[] a : chunk.actions()) {
      var row = actions.addArray();
      for (float v : a) {
        row.add(v);
      }
    }
    return out;
  }

  /** The scene as JSON: seed, family, the task's instruction, steps, success, effector and block poses (metres). */
  synchronized ObjectNode state() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("seed", seed);
    o.put("family", env.family().id());
    o.put("instruction", observation.instruction());
    o.put("steps", steps);
    o.put("success", success);
    SceneState s = observation.scene();
    o.putArray("effector").add(s.effectorX()).add(s.effectorY());
    var blocks = o.putArray("blocks");
    List<BlockPose> poses = s.blocks();
    for (BlockPose b : poses) {
      blocks.addObject().put("id", b.id().name()).put("x", b.x()).put("y", b.y()).put("yaw", b.yaw());
    }
    return o;
  }
}
