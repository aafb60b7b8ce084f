package org.chatvla4j.serve;

import java.io.IOException;

/**
 * A streaming client stopped reading (closed the connection): thrown from the write of a delta so that it unwinds the
 * generation that produced it (see {@link org.chatvla4j.model.TokenListener}) and frees the model for the next request.
 */
final class ClientGone extends RuntimeException {
  ClientGone(IOException cause) {
    super("the client closed the stream: " + cause.getMessage(), cause);
  }
}
