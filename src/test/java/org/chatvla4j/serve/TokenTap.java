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
  private volatile boolean pausedThere;
  private volatile boolean resumedByTest;

  @Override
  public boolean accept(long token) {
    CountDownLatch wait;
    synchronized (this) {
      tokens.add(token);
      wait = tokens.size() == pauseAfter ? resume : null;
    }
    if (wait != null) {
      pausedThere = true;
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
  }

  void resume() {
    resume.countDown();
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
