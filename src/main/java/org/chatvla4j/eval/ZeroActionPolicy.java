package org.chatvla4j.eval;

import org.chatvla4j.world.Observation;
import org.chatvla4j.world.Policy;

/** The "do nothing" baseline: Δxy = 0 at every step; it succeeds only where the reset layout already meets the goal. */
public final class ZeroActionPolicy implements Policy {
  @Override
  public void reset() {}

  @Override
  public double[][] act(Observation observation) {
    return new double[][] {{0.0, 0.0}};
  }
}
