package org.chatvla4j.policy;

/** Anything that answers a robot query with an action chunk: the local model or a remote policy server. */
public interface ChunkPolicy {
  ActionChunk infer(RobotQuery query);

  /** Called before each episode; stateless policies need nothing. */
  default void reset() {}
}
