package org.chatvla4j.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the server listens and what it accepts.
 *
 * @param host the address to bind; loopback unless the user asks for more
 * @param port the TCP port; 0 picks a free one
 * @param imageKeys the observation keys holding camera images, in the model's camera order
 * @param maxMessageBytes largest websocket message or HTTP body accepted
 * @param maxReasoningTokens reasoning budget per robot query
 * @param fileRoot where {@code file://} image URLs may point; empty disables them
 * @param shutdownGrace how long shutdown waits for in-flight requests
 * @param seed seeds the diffusion noise and chat sampling
 * @param playgroundSessions the most live playground sessions (the oldest is dropped beyond)
 */
public record ServeConfig(String host, int port, List<String> imageKeys, long maxMessageBytes, int maxReasoningTokens,
    Optional<Path> fileRoot, Duration shutdownGrace, long seed, int playgroundSessions) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8000;

  public ServeConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("--host must not be empty; use 127.0.0.1 for this machine only");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be in 0..65535 (0 = any free port), got " + port);
    }
    imageKeys = List.copyOf(imageKeys);
    if (imageKeys.isEmpty()) {
      throw new IllegalArgumentException("imageKeys must name at least one camera key, e.g. observation/image");
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes must be >= 1024, got " + maxMessageBytes);
    }
    if (maxReasoningTokens <= 0) {
      throw new IllegalArgumentException("maxReasoningTokens must be > 0, got " + maxReasoningTokens);
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdownGrace must not be negative, got " + shutdownGrace);
    }
    if (playgroundSessions <= 0) {
      throw new IllegalArgumentException("playgroundSessions must be > 0, got " + playgroundSessions);
    }
  }

  /** Loopback on {@code port}, one camera at {@code observation/image}, 64 MiB messages, 64 reasoning tokens. */
  public static ServeConfig loopback(int port) {
    return new ServeConfig(DEFAULT_HOST, port, List.of(ObservationDecoder.IMAGE), 64L << 20, 64, Optional.empty(),
        Duration.ofSeconds(30), 0, 64);
  }

  public ServeConfig withHost(String h) {
    return new ServeConfig(h, port, imageKeys, maxMessageBytes, maxReasoningTokens, fileRoot, shutdownGrace, seed, playgroundSessions);
  }

  public ServeConfig withFileRoot(Path root) {
    return new ServeConfig(host, port, imageKeys, maxMessageBytes, maxReasoningTokens, Optional.of(root), shutdownGrace, seed,
        playgroundSessions);
  }

  public ServeConfig withMaxMessageBytes(long n) {
    return new ServeConfig(host, port, imageKeys, n, maxReasoningTokens, fileRoot, shutdownGrace, seed, playgroundSessions);
  }

  public ServeConfig withSeed(long s) {
    return new ServeConfig(host, port, imageKeys, maxMessageBytes, maxReasoningTokens, fileRoot, shutdownGrace, s, playgroundSessions);
  }

  public ServeConfig withMaxReasoningTokens(int n) {
    return new ServeConfig(host, port, imageKeys, maxMessageBytes, n, fileRoot, shutdownGrace, seed, playgroundSessions);
  }
}
