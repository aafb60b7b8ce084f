package org.chatvla4j.model;

/**
 * Told of each token {@link ChatVlaModel#generate} picks, in order, the stop token included, as soon as it is picked
 * and before it is fed back: a caller can stream the text while the rest is still being generated. It sees ids only,
 * so it cannot change which tokens are picked, only where generation ends: returning {@code false} ends it after this
 * token, as a stop token would (a stop string the decoded text now contains). An unchecked exception it throws ends the
 * generation there and propagates (a streaming client that went away).
 */
@FunctionalInterface
public interface TokenListener {
  /** Hears nothing and never ends generation: what callers that want only the finished {@link Generation} pass. */
  TokenListener NONE = token -> true;

  /** @return whether generation may go on; {@code false} makes {@code token} the last one */
  boolean accept(long token);

  /** This listener, then {@code next}, for every token; generation goes on only while both say so. */
  default TokenListener andThen(TokenListener next) {
    return token -> {
      boolean goOn = accept(token);
      // next hears the token even when this listener ends generation with it: it was generated.
      return next.accept(token) && goOn;
    };
  }
}
