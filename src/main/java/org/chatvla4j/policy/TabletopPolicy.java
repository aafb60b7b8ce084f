package org.chatvla4j.policy;

import java.util.List;
import java.util.Optional;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.Policy;

/**
 * Drives the built-in tabletop with any {@link ChunkPolicy} (the local model or a remote server): the rendered frame is
 * the one camera, {@link TabletopState} the state, the task's instruction the prompt; the world executes the first
 * {@code actionsPerQuery} actions of each chunk (Δxy in metres) and asks again.
 */
public final class TabletopPolicy implements Policy {
  private final ChunkPolicy policy;
  private final int actionsPerQuery;
  private String reasoning;

  public TabletopPolicy(ChunkPolicy policy, int actionsPerQuery) {
    if (actionsPerQuery <= 0) {
      throw new IllegalArgumentException("actionsPerQuery must be > 0, got " + actionsPerQuery);
    }
    this.policy = policy;
    this.actionsPerQuery = actionsPerQuery;
  }

  /** The query a tabletop observation becomes. */
  public static RobotQuery query(Observation observation) {
    RgbImage frame = observation.rgb().map(RgbImage::of).orElseThrow(() -> new IllegalStateException(
        "the tabletop env has no renderer, but a learned policy needs the camera frame; give the rollout a renderer"));
    return new RobotQuery(List.of(frame), TabletopState.of(observation.scene()), observation.instruction());
  }

  @Override
  public void reset() {
    policy.reset();
    reasoning = null;
  }

  @Override
  public double[][] act(Observation observation) {
    ActionChunk chunk = policy.infer(query(observation));
    if (chunk.actionDim() != 2) {
      throw new IllegalStateException("the tabletop takes Δxy actions (2 values) but the policy returned " + chunk.actionDim());
    }
    reasoning = chunk.reasoning();
    int n = Math.min(actionsPerQuery, chunk.length());
    double[][] out = new double[n][2];
    for (int i = 0; i < n; i++) {
      float[] a = chunk.action(i);
      out[i][0] = a[0];
      out[i][1] = a[1];
    }
    return out;
  }

  @Override
  public Optional<String> reasoning() {
    return Optional.ofNullable(reasoning).filter(s -> !s.isEmpty());
  }
}
