package org.chatvla4j.serve;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.chatvla4j.model.TokenListener;
import org.chatvla4j.text.Tokenizer;

/**
 * A chat answer's visible text, grown one generated token at a time and handed out in pieces (deltas) as soon as each
 * piece is certain to be part of the final answer; the pieces join to {@link #finish}'s text.
 *
 * <p>The answer is the generated tokens decoded without special tokens, stripped of surrounding whitespace and cut
 * before the first {@code stop} string to be completed (OpenAI's {@code stop}). Each token re-decodes the whole prefix
 * (merged and multi-byte tokens only read right in context) and hands out the new suffix, minus what may still change:
 * <ul>
 *   <li>trailing U+FFFD: a byte-level tokenizer's incomplete UTF-8 sequence decodes to it until its last byte comes;
 *   <li>trailing whitespace: stripped if the answer ends there;
 *   <li>a tail that could still grow into a stop string: nothing from a stop string on may ever be sent.
 * </ul>
 * Once a stop string is complete the answer ends before it, and {@link #accept} returns {@code false} so that the
 * generation ends with that token instead of running on to {@code <|im_end|>} or the token budget. Stop strings are
 * looked for before trailing whitespace is held back, so one ending in whitespace ({@code "\n"}) ends generation with
 * the token that completes it, not with the next visible one.
 */
final class AnswerDeltas implements TokenListener {
  private final Tokenizer tokenizer;
  private final List<String> stops;
  private final Consumer<String> deltas;
  private long[] tokens = new long[64];
  private int count;
  private String sent = "";
  private boolean stoppedByString;

  /** {@code deltas} hears each piece as it becomes certain; what it throws ends the generation (see TokenListener). */
  AnswerDeltas(Tokenizer tokenizer, List<String> stops, Consumer<String> deltas) {
    this.tokenizer = tokenizer;
    this.stops = List.copyOf(stops);
    this.deltas = deltas;
  }

  /** @return whether the answer may still grow: {@code false} once a stop string has ended it */
  @Override
  public boolean accept(long token) {
    if (stoppedByString) {
      return false; // a caller that generates on anyway changes nothing
    }
    if (count == tokens.length) {
      tokens = Arrays.copyOf(tokens, 2 * count);
    }
    tokens[count++] = token;
    if (tokenizer.isSpecial(token)) {
      return true; // hidden: the visible text cannot have changed
    }
    String text = decoded().stripLeading();
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '\uFFFD') {
      end--;
    }
    advance(text.substring(0, end), false);
    return !stoppedByString;
  }

  /** After the last token: hands out the rest of the answer and returns the whole answer (all deltas joined). */
  String finish() {
    if (!stoppedByString) {
      // Now nothing can follow: a trailing U+FFFD is real text, and a partial stop string is just text.
      advance(decoded().strip(), true);
    }
    return sent;
  }

  /** Whether a stop string ended the answer (OpenAI's finish_reason "stop", like a stop token). */
  boolean stoppedByString() {
    return stoppedByString;
  }

  private String decoded() {
    return tokenizer.decodeWithoutSpecialTokens(Arrays.copyOf(tokens, count));
  }

  /**
   * {@code known}: text certain to start the answer unless a stop string cuts it (trailing whitespace included, which
   * is held back unless {@code last} or a stop string follows it); {@code last}: no token follows.
   */
  private void advance(String known, boolean last) {
    int upTo = known.length();
    int stopEnd = Integer.MAX_VALUE;
    for (String s : stops) {
      int at = known.indexOf(s);
      // The stop completed first wins: the smallest end, then the earliest start.
      if (at >= 0 && (at + s.length() < stopEnd || at + s.length() == stopEnd && at < upTo)) {
        stopEnd = at + s.length();
        upTo = at;
        stoppedByString = true;
      }
    }
    if (!stoppedByString && !last) {
      upTo = Math.min(known.stripTrailing().length(), partialStopStart(known));
    }
    // Decoding a longer prefix only appends for the tokenizers we serve; if one ever rewrote sent text, wait for it.
    if (upTo > sent.length() && known.startsWith(sent)) {
      String d = known.substring(sent.length(), upTo);
      sent = sent + d;
      deltas.accept(d);
    }
  }

  /** Where the earliest tail of {@code text} that is a proper beginning of some stop string starts (else its length). */
  private int partialStopStart(String text) {
    int n = text.length();
    int start = n;
    for (String s : stops) {
      for (int i = Math.max(0, n - s.length() + 1); i < start; i++) {
        if (s.regionMatches(0, text, i, n - i)) {
          start = i;
          break;
        }
      }
    }
    return start;
  }
}
