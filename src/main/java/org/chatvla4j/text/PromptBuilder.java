package org.chatvla4j.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds token ids and labels the way ChatVLA's {@code Qwen2VLAProcess} does (chatvla-paper.md §4.4).
 *
 * <p>The conversation is rendered with the chat template and its final newline dropped (the reference renders with
 * {@code add_generation_prompt=True} and cuts the last 23 characters, {@code "\n<|im_start|>assistant\n"}), so it ends
 * with {@code <|im_end|>}. It is then split at every {@code "\n<|im_start|>assistant\n"}: everything up to and including
 * the first one is masked; in each later round the assistant text and its {@code <|im_end|>} are supervised and the
 * rest, from {@code "\n<|im_start|>user\n"} to the next assistant header, is masked. Each piece is tokenized on its
 * own, as in the reference. A robot sample's assistant text is its sub-step reasoning followed directly, without a
 * space, by {@code "Next Action:"}.
 *
 * <p>Unlike the reference, which silently truncates at 2048, a sequence longer than the context limit is an error.
 */
public final class PromptBuilder {
  /** Appended to the reasoning of robot samples; the action head reads the hidden states up to here. */
  public static final String ACTION_CUE = "Next Action:";
  static final String ASSISTANT_HEADER = "\n" + QwenTokens.IM_START + "assistant\n";
  static final String USER_HEADER = "\n" + QwenTokens.IM_START + "user\n";

  private final Tokenizer tokenizer;
  private final ChatTemplate template;
  private final int contextLimit;

  public PromptBuilder(Tokenizer tokenizer, ChatTemplate template, int contextLimit) {
    if (contextLimit <= 0) {
      throw new IllegalArgumentException("contextLimit must be > 0, got " + contextLimit);
    }
    tokenizer.specialTokens(); // fails early, naming the missing token, for a tokenizer without chat/vision tokens
    this.tokenizer = tokenizer;
    this.template = template;
    this.contextLimit = contextLimit;
  }

  /** A robot sample: the camera images and the instruction, supervised on {@code reasoning + "Next Action:"}. */
  public LabeledSequence robotSample(List<ImageGrid> cameras, String instruction, String reasoning) {
    String question = firstTurnText(instruction, "instruction");
    return conversationSample(List.of(Message.user(cameras, question), Message.assistant(reasoning + ACTION_CUE)));
  }

  /**
   * A LLaVA-style sample: {@code turns} alternate human, assistant, human, ... and end with an assistant turn; the
   * images precede the first human turn, whose {@code <image>} tags and newlines are removed. Only the assistant
   * turns (with their {@code <|im_end|>}) are supervised.
   */
  public LabeledSequence vqaSample(List<ImageGrid> images, List<String> turns) {
    if (turns.isEmpty() || turns.size() % 2 != 0) {
      throw new IllegalArgumentException("a VQA conversation needs human/assistant pairs, got " + turns.size() + " turns");
    }
    List<Message> messages = new ArrayList<>();
    messages.add(Message.user(images, firstTurnText(turns.getFirst(), "first human turn")));
    for (int i = 1; i < turns.size(); i++) {
      messages.add(i % 2 == 1 ? Message.assistant(turns.get(i)) : Message.user(turns.get(i)));
    }
    return conversationSample(messages);
  }

  /** Labels for any conversation that ends with an assistant turn (see the class comment). */
  public LabeledSequence conversationSample(List<Message> messages) {
    if (messages.isEmpty() || messages.getLast().role() != Message.Role.ASSISTANT) {
      throw new IllegalArgumentException("a training conversation must end with an assistant turn, got "
          + (messages.isEmpty() ? "no turns" : "a last turn by " + messages.getLast().role().word()));
    }
    String rendered = template.render(messages);
    String text = rendered.substring(0, rendered.length() - 1);
    String[] rounds = text.split(java.util.regex.Pattern.quote(ASSISTANT_HEADER), -1);
    List<long[]> pieces = new ArrayList<>();
    List<Boolean> supervised = new ArrayList<>();
    pieces.add(tokenizer.encode(rounds[0] + ASSISTANT_HEADER));
    supervised.add(false);
    for (int i = 1; i < rounds.length; i++) {
      String round = i < rounds.length - 1 ? rounds[i] + ASSISTANT_HEADER : rounds[i];
      int userAt = round.indexOf(USER_HEADER);
      pieces.add(tokenizer.encode(userAt < 0 ? round : round.substring(0, userAt)));
      supervised.add(true);
      if (userAt >= 0) {
        pieces.add(tokenizer.encode(round.substring(userAt)));
        supervised.add(false);
      }
    }
    int length = pieces.stream().mapToInt(p -> p.length).sum();
    checkLength(length);
    long[] ids = new long[length];
    long[] labels = new long[length];
    int at = 0;
    int first = -1;
    for (int p = 0; p < pieces.size(); p++) {
      long[] piece = pieces.get(p);
      System.arraycopy(piece, 0, ids, at, piece.length);
      if (supervised.get(p)) {
        System.arraycopy(piece, 0, labels, at, piece.length);
        if (first < 0 && piece.length > 0) {
          first = at;
        }
      } else {
        Arrays.fill(labels, at, at + piece.length, LabeledSequence.IGNORE_INDEX);
      }
      at += piece.length;
    }
    return new LabeledSequence(ids, labels, first);
  }

  /** The prompt a robot query generates from: images, instruction, then {@code <|im_start|>assistant\n}. */
  public long[] robotPrompt(List<ImageGrid> cameras, String instruction) {
    return generationPrompt(List.of(Message.user(cameras, firstTurnText(instruction, "instruction"))));
  }

  /** Token ids of the conversation followed by the assistant header, for generation. */
  public long[] generationPrompt(List<Message> messages) {
    if (messages.isEmpty() || messages.stream().allMatch(m -> m.text().isBlank() && m.imageCount() == 0)) {
      throw new IllegalArgumentException("the prompt is empty: give at least one turn with text or an image");
    }
    long[] ids = tokenizer.encode(template.renderForGeneration(messages));
    checkLength(ids.length);
    return ids;
  }

  public int contextLimit() {
    return contextLimit;
  }

  /** The reference strips {@code <image>} tags and newlines from the first human turn (images are added as parts). */
  static String firstTurnText(String raw, String what) {
    if (raw == null) {
      throw new IllegalArgumentException("the " + what + " is missing (null)");
    }
    String text = raw.replace("<image>", "").replace("\n", "");
    if (text.isBlank()) {
      throw new IllegalArgumentException("the " + what + " is empty" + (raw.isEmpty() ? "" : " after removing <image>"
          + " tags and newlines from '" + raw + "'"));
    }
    return text;
  }

  private void checkLength(int length) {
    if (length > contextLimit) {
      throw new IllegalArgumentException("the sequence has " + length + " tokens, more than the context limit of "
          + contextLimit + "; shorten the text, use fewer or smaller images, or raise the limit");
    }
  }
}
