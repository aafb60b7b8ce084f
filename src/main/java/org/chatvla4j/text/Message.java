package org.chatvla4j.text;

import java.util.ArrayList;
import java.util.List;

/** One chat turn: a role and its parts (images and text, in order), as in Hugging Face's {@code messages} list. */
public record Message(Role role, List<Part> parts) {
  /** Who speaks; {@link #word()} is the name the template writes after {@code <|im_start|>}. */
  public enum Role {
    SYSTEM("system"),
    USER("user"),
    ASSISTANT("assistant");

    private final String word;

    Role(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** A piece of a turn's content. */
  public sealed interface Part permits ImagePart, TextPart {}

  /** An image placeholder; the template expands it to the image's merged-grid token count. */
  public record ImagePart(ImageGrid grid) implements Part {}

  /** Plain text. */
  public record TextPart(String text) implements Part {
    public TextPart {
      if (text == null) {
        throw new IllegalArgumentException("message text must not be null");
      }
    }
  }

  public Message {
    if (role == null) {
      throw new IllegalArgumentException("message role must not be null");
    }
    parts = List.copyOf(parts);
  }

  public static Message system(String text) {
    return new Message(Role.SYSTEM, List.of(new TextPart(text)));
  }

  public static Message user(String text) {
    return new Message(Role.USER, List.of(new TextPart(text)));
  }

  /** A user turn with images first, then the text (the order ChatVLA and LLaVA data use). */
  public static Message user(List<ImageGrid> images, String text) {
    List<Part> parts = new ArrayList<>();
    images.forEach(g -> parts.add(new ImagePart(g)));
    parts.add(new TextPart(text));
    return new Message(Role.USER, parts);
  }

  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(new TextPart(text)));
  }

  /** The concatenated text parts (images left out). */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof TextPart(String t)) {
        sb.append(t);
      }
    }
    return sb.toString();
  }

  /** The number of image parts. */
  public int imageCount() {
    return (int) parts.stream().filter(p -> p instanceof ImagePart).count();
  }
}
