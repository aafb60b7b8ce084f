package org.chatvla4j.serve;

import java.time.Duration;

/**
 * Counts requests being served so shutdown can stop taking new ones and wait for the ones already running to finish.
 */
final class InFlight {
  private int running;
  private boolean closing;

  /** Registers a request; false once shutdown has begun (the caller answers "shutting down"). */
  synchronized boolean enter() {
    if (closing) {
      return false;
    }
    running++;
    return true;
  }

  synchronized void exit() {
    running--;
    notifyAll();
  }

  synchronized int running() {
    return running;
  }

  /** Refuses new requests, then waits up to {@code grace} for running ones; returns how many were still running. */
  synchronized int drain(Duration grace) throws InterruptedException {
    closing = true;
    long deadline = System.nanoTime() + grace.toNanos();
    while (running > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return running;
  }
}
