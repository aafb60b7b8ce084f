package org.chatvla4j.serve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.Generation;
import org.chatvla4j.model.GenerationConfig;
import org.chatvla4j.model.VlaInputs;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.policy.InferenceGate;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.text.ImageGrid;
import org.chatvla4j.text.Message;

/**
 * Chat with the understanding expert (expert 0) for the OpenAI endpoint and the playground: a conversation with images
 * in, the answer out with token counts, and the per-token text deltas a stream sends.
 */
final class ChatService {
  /** The answer: text (after stop strings), the pieces it grew by, token counts and why it ended. */
  record Completion(String text, List<String> deltas, int promptTokens, int completionTokens, String finishReason) {}

  private final ChatVla vla;
  private final InferenceGate gate;

  ChatService(ChatVla vla, InferenceGate gate) {
    this.vla = vla;
    this.gate = gate;
  }

  int contextLimit() {
    return vla.prompts().contextLimit();
  }

  /**
   * Generates the assistant's next turn. {@code stops} are strings: the text is cut before the first one found
   * (OpenAI's {@code stop}); {@code <|im_end|>} always ends the turn.
   */
  Completion complete(List<ChatTurn> turns, GenerationConfig cfg, List<String> stops, RandomGenerator rng) {
    List<RgbImage> images = new ArrayList<>();
    for (ChatTurn t : turns) {
      t.parts().stream().filter(p -> p instanceof RgbImage).forEach(p -> images.add((RgbImage) p));
    }
    Set<Long> stopIds = new HashSet<>(cfg.stopTokens());
    stopIds.add((long) vla.model().config().tokens().eos());
    GenerationConfig withEos = cfg.withStopTokens(stopIds);
    record Raw(long[] tokens, int prompt, boolean stopped) {}
    Raw raw = gate.run(() -> {
      try (Scope s = Scope.open()) {
        // The image processor refuses an empty list, so text-only chats take the model's text-only inputs.
        ProcessedImages px = images.isEmpty() ? null : vla.imageProcessor().preprocess(images);
        List<ImageGrid> grids = px == null ? List.of() : ChatVla.grids(px);
        List<Message> messages = new ArrayList<>();
        int next = 0;
        for (ChatTurn t : turns) {
          List<Message.Part> parts = new ArrayList<>();
          for (Object p : t.parts()) {
            parts.add(p instanceof String text ? new Message.TextPart(text) : new Message.ImagePart(grids.get(next++)));
          }
          messages.add(new Message(t.role(), parts));
        }
        long[] ids = vla.prompts().generationPrompt(messages);
        int room = contextLimit() - ids.length;
        if (cfg.maxNewTokens() > room) {
          throw new IllegalArgumentException("the prompt has " + ids.length + " tokens and max_tokens is " + cfg.maxNewTokens()
              + ", more than the context of " + contextLimit() + " tokens; lower max_tokens to <= " + Math.max(0, room));
        }
        // Both on the model's device: a text-only prompt built on the CPU would not reach a CUDA model.
        VlaInputs inputs = px == null ? vla.inputs(ids) : vla.inputs(ids, px);
        Generation g = vla.model().generate(inputs, Task.UNDERSTANDING, withEos, rng);
        return new Raw(g.tokens(), ids.length, g.stopped());
      }
    });
    return finish(raw.tokens(), raw.prompt(), raw.stopped(), stops);
  }

  private Completion finish(long[] tokens, int promptTokens, boolean stoppedByToken, List<String> stops) {
    String full = vla.tokenizer().decodeWithoutSpecialTokens(tokens).strip();
    String text = full;
    boolean cut = false;
    for (String s : stops) {
      int at = text.indexOf(s);
      if (at >= 0) {
        text = text.substring(0, at);
        cut = true;
      }
    }
    // Deltas follow the tokens: each is what one more token added to the visible text, so they join to `text`.
    List<String> deltas = new ArrayList<>();
    int shown = 0;
    for (int i = 1; i <= tokens.length && shown < text.length(); i++) {
      String prefix = vla.tokenizer().decodeWithoutSpecialTokens(java.util.Arrays.copyOf(tokens, i)).stripLeading();
      int upTo = Math.min(prefix.length(), text.length());
      if (upTo > shown) {
        deltas.add(text.substring(shown, upTo));
        shown = upTo;
      }
    }
    if (shown < text.length()) {
      deltas.add(text.substring(shown));
    }
    String reason = cut || stoppedByToken ? "stop" : "length";
    return new Completion(text, deltas, promptTokens, tokens.length, reason);
  }
}
