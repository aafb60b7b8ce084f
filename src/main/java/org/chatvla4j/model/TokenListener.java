package org.chatvla4j.model;

/**
 * Told of each token {@link ChatVlaModel#generate} picks, in order, the stop token included, as soon as it is picked
 * and before it is fed back: a caller can stream the text while the rest is still being generated. It sees ids only,
 * so it cannot change what is generated. An unchecked exception it throws ends the generation there (a streaming
 * client that went away).
 */
@FunctionalInterface
public interface TokenListener {
  /** Hears nothing: what callers that want only the finished {@link Generation} pass. */
  TokenListener NONE = token -> {};

  void accept(long token);

  /** This listener, then {@code next}, for every token. */
  default TokenListener andThen(TokenListener next) {
    return token -> {
      accept(token);
      next.accept(token);
    };
  }
}
