package org.chatvla4j.train;

/** A recipe that cannot be run: the message names the file, the field (as a JSON path) and what it must be. */
public final class RecipeException extends IllegalArgumentException {
  public RecipeException(String message) {
    super(message);
  }
}
