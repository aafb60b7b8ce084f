package org.chatvla4j.policy;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one door to a loaded model: every inference (robot act, chat) passes through it one at a time, first come first
 * served, because the model's forward pass is not re-entrant and parallel passes would only fight over the same cores.
 */
public final class InferenceGate {
  private final ReentrantLock lock = new ReentrantLock(true);

  public <T> T run(Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  /** Requests waiting for the model right now (for the health endpoint). */
  public int waiting() {
    return lock.getQueueLength();
  }
}
