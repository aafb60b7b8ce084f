package org.chatvla4j.world.vqa;

import java.util.List;
import java.util.Objects;

/** A scene description for pre-training: its text and the facts each sentence states. */
public record Caption(String text, List<CaptionFact> facts) {
  public Caption {
    Objects.requireNonNull(text, "text");
    facts = List.copyOf(facts);
  }
}
