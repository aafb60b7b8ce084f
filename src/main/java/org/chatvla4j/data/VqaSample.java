package org.chatvla4j.data;

import java.util.List;

/**
 * One LLaVA-format vision-language sample: an id, zero or more images (paths relative to the image directory) and a
 * conversation that alternates human and gpt turns, human first. Human turns mark where images go with {@value
 * #IMAGE_PLACEHOLDER}; a sample either has no placeholders (the images go before the text) or one per image.
 */
public record VqaSample(String id, List<String> images, List<VqaTurn> conversations) {
  public static final String IMAGE_PLACEHOLDER = "<image>";

  /** A sample that breaks a rule; {@link #field()} names the json field at fault. */
  public static final class InvalidSampleException extends IllegalArgumentException {
    private final String field;

    InvalidSampleException(String field, String problem) {
      super(field + ": " + problem);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  public VqaSample {
    if (id == null || id.isBlank()) {
      throw new InvalidSampleException("id", "must be a non-empty string, got " + (id == null ? "null" : "'" + id + "'"));
    }
    images = List.copyOf(images);
    for (int i = 0; i < images.size(); i++) {
      if (images.get(i).isBlank()) {
        throw new InvalidSampleException("image[" + i + "]", "must be a non-empty path");
      }
    }
    conversations = List.copyOf(conversations);
    if (conversations.isEmpty()) {
      throw new InvalidSampleException("conversations", "must hold at least one human and one gpt turn, got none");
    }
    for (int i = 0; i < conversations.size(); i++) {
      VqaTurn.Speaker expected = i % 2 == 0 ? VqaTurn.Speaker.HUMAN : VqaTurn.Speaker.GPT;
      if (conversations.get(i).from() != expected) {
        throw new InvalidSampleException(
            "conversations[" + i + "].from", "is '" + conversations.get(i).from().jsonName() + "' but turns must"
                + " alternate human, gpt, human, ... so turn " + i + " must be '" + expected.jsonName() + "'");
      }
    }
    if (conversations.getLast().from() != VqaTurn.Speaker.GPT) {
      throw new InvalidSampleException(
          "conversations[" + (conversations.size() - 1) + "].from", "is 'human' but a conversation must end with the"
              + " gpt answer it teaches");
    }
    int placeholders = 0;
    for (int i = 0; i < conversations.size(); i++) {
      int n = count(conversations.get(i).value());
      if (n > 0 && conversations.get(i).from() == VqaTurn.Speaker.GPT) {
        throw new InvalidSampleException(
            "conversations[" + i + "].value", "is a gpt turn containing " + IMAGE_PLACEHOLDER + "; only human turns"
                + " carry images");
      }
      placeholders += n;
    }
    if (placeholders != 0 && placeholders != images.size()) {
      throw new InvalidSampleException(
          "conversations", "has " + placeholders + " " + IMAGE_PLACEHOLDER + " placeholders but the sample has "
              + images.size() + " image(s); use one placeholder per image, or none");
    }
  }

  /** A text-and-image sample with one question and its answer. */
  public static VqaSample singleTurn(String id, String image, String question, String answer) {
    return new VqaSample(
        id, List.of(image), List.of(VqaTurn.human(IMAGE_PLACEHOLDER + "\n" + question), VqaTurn.gpt(answer)));
  }

  /** Number of {@value #IMAGE_PLACEHOLDER} marks over all turns. */
  public int imagePlaceholderCount() {
    int n = 0;
    for (VqaTurn t : conversations) {
      n += count(t.value());
    }
    return n;
  }

  private static int count(String text) {
    int n = 0;
    for (int i = text.indexOf(IMAGE_PLACEHOLDER); i >= 0; i = text.indexOf(IMAGE_PLACEHOLDER, i + IMAGE_PLACEHOLDER.length())) {
      n++;
    }
    return n;
  }
}
