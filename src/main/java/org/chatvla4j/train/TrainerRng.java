package org.chatvla4j.train;

import java.util.random.RandomGenerator;

/**
 * The trainer's generator for diffusion noise and timesteps: SplitMix64, whose whole state is one {@code long}, so a
 * checkpoint stores it exactly and a resumed run draws the same numbers as the uninterrupted one. Gaussians come from
 * {@link RandomGenerator#nextGaussian()}, which consumes only {@link #nextLong()} (no cached spare value to lose).
 */
public final class TrainerRng implements RandomGenerator {
  private long state;

  private TrainerRng(long state) {
    this.state = state;
  }

  /** A generator seeded with {@code seed} (mixed, so nearby seeds give unrelated streams). */
  public static TrainerRng seeded(long seed) {
    return new TrainerRng(mix(seed ^ 0x5DEECE66DL));
  }

  /** A generator continuing from a saved {@link #state()}. */
  public static TrainerRng restore(long state) {
    return new TrainerRng(state);
  }

  /** The complete state (what a checkpoint saves). */
  public long state() {
    return state;
  }

  @Override
  public long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
