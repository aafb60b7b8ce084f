package org.chatvla4j.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.chatvla4j.model.TokenListener;

/**
 * Watches a chat generation from the inside (the {@code tokenTap} of {@link ChatService}): records its tokens and can
 * hold it after its k-th token until the test lets it go, so a test can look at a stream while the model is mid-answer.
 */
final class TokenTap implements TokenListener {
  private final List<Long> tokens = new ArrayList<>();
  private int pauseAfter = -1;
  private CountDownLatch resume;
  private CountDownLatch reached = new CountDownLatch(0);
  private volatile boolean pausedThere;
  private volatile boolean resumedByTest;

  @Override
  public boolean accept(long token) {
    CountDownLatch wait;
    CountDownLatch arrived;
    synchronized (this) {
      tokens.add(token);
      wait = tokens.size() == pauseAfter ? resume : null;
      arrived = reached;
    }
    if (wait != null) {
      pausedThere = true;
      arrived.countDown();
      try {
        // Bounded so that a broken stream fails the test's assertions instead of hanging the build.
        resumedByTest = wait.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return true; // it watches; ending generation is not its business
  }

  /** Forgets the tokens seen so far and any pause: the next generation starts from zero. */
  synchronized void reset() {
    tokens.clear();
    pauseAfter = -1;
    pausedThere = false;
    resumedByTest = false;
  }

  /** The next generation stops after its k-th token (1-based) until {@link #resume}. */
  synchronized void pauseAfter(int k) {
    reset();
    pauseAfter = k;
    resume = new CountDownLatch(1);
    reached = new CountDownLatch(1);
  }

  void resume() {
    resume.countDown();
  }

  /**
   * Waits until the generation is held at the pause. The text of token k can reach a client before the model thread,
   * after sending it, has come to the tap: the tap hears a token after the stream's own listener.
   */
  boolean awaitPause(long seconds) throws InterruptedException {
    CountDownLatch r;
    synchronized (this) {
      r = reached;
    }
    return r.await(seconds, TimeUnit.SECONDS);
  }

  /** Whether the generation is, or was, held at the pause. */
  boolean pausedThere() {
    return pausedThere;
  }

  /** Whether the pause ended by {@link #resume} rather than by its time limit. */
  boolean resumedByTest() {
    return resumedByTest;
  }

  synchronized int count() {
    return tokens.size();
  }

  synchronized long[] tokens() {
    return tokens.stream().mapToLong(Long::longValue).toArray();
  }
}
