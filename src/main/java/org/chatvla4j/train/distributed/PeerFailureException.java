package org.chatvla4j.train.distributed;

/** A collective could not complete: another rank died, or did not answer within the process group's timeout. */
public final class PeerFailureException extends RuntimeException {
  public PeerFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
