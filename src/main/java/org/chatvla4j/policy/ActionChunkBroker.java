package org.chatvla4j.policy;

/**
 * Hands out a chunk one action per call, as openpi's {@code ActionChunkBroker}: the inner policy is queried only when
 * the current chunk is used up (after {@code actionsPerQuery} actions, or the chunk's length if shorter).
 */
public final class ActionChunkBroker {
  private final ChunkPolicy policy;
  private final int actionsPerQuery;
  private ActionChunk current;
  private int next;
  private int queries;
  private String reasoning = "";

  public ActionChunkBroker(ChunkPolicy policy, int actionsPerQuery) {
    if (actionsPerQuery <= 0) {
      throw new IllegalArgumentException("actionsPerQuery must be > 0, got " + actionsPerQuery);
    }
    this.policy = policy;
    this.actionsPerQuery = actionsPerQuery;
  }

  /** The next action; {@code query} is sent to the policy only when a new chunk is needed. */
  public synchronized float[] next(RobotQuery query) {
    if (current == null) {
      current = policy.infer(query);
      next = 0;
      queries++;
      reasoning = current.reasoning();
    }
    float[] a = current.action(next++);
    if (next >= Math.min(actionsPerQuery, current.length())) {
      current = null;
    }
    return a;
  }

  /** The reasoning of the chunk the last action came from. */
  public synchronized String reasoning() {
    return reasoning;
  }

  /** How many times the inner policy was asked. */
  public synchronized int queries() {
    return queries;
  }

  public synchronized void reset() {
    policy.reset();
    current = null;
    next = 0;
    reasoning = "";
  }
}
