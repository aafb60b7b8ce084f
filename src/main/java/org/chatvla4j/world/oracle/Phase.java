package org.chatvla4j.world.oracle;

/** The states of the push oracle's state machine (tabletop-benchmark.md §6), plus pointing and done. */
public enum Phase {
  /** Travel to 5 cm behind the block along a planned, collision-free route (≤ 0.30 m/s, no slowdown). */
  MOVE_TO_PRE_BLOCK_AVOID,
  /** Go straight to 5 cm behind the block (after a re-orientation or a push gone askew). */
  MOVE_TO_PRE_BLOCK,
  /** Close in to 3 cm behind the block; switch to orienting if the block is turned too far. */
  MOVE_TO_BLOCK,
  /** Aim 1 cm behind the block centre, i.e. push through it towards the (sub)goal. */
  PUSH_BLOCK,
  /** Orbit the block at 2.5 cm, +0.2 rad per step, to turn it (≤ 0.15 m/s). */
  ORIENT_BLOCK_LEFT,
  /** Orbit the block at 2.5 cm, −0.2 rad per step. */
  ORIENT_BLOCK_RIGHT,
  /** point2block: move the effector next to the block. */
  POINT_AT_BLOCK,
  /** The task is solved; the oracle stands still. */
  DONE
}
