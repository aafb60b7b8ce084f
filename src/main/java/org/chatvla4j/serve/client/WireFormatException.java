package org.chatvla4j.serve.client;

/** A frame that is not valid openpi msgpack-numpy: the message names what is wrong. */
public final class WireFormatException extends IllegalArgumentException {
  public WireFormatException(String message) {
    super(message);
  }
}
