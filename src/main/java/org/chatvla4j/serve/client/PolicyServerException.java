package org.chatvla4j.serve.client;

/** The policy server could not be reached, answered with an error frame, or closed the connection. */
public final class PolicyServerException extends RuntimeException {
  public PolicyServerException(String message) {
    super(message);
  }
}
