package org.chatvla4j.serve;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.Generation;
import org.chatvla4j.model.GenerationConfig;
import org.chatvla4j.model.TokenListener;
import org.chatvla4j.model.VlaInputs;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.policy.InferenceGate;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.text.ImageGrid;
import org.chatvla4j.text.Message;

/**
 * Chat with the understanding expert (expert 0) for the OpenAI endpoint and the playground: a conversation with images
 * in, the answer out with token counts, either all at once or as text deltas while it is generated.
 */
final class ChatService {
  /** The answer: text (cut before a stop string), token counts (the generated tokens, none after a stop) and why it ended. */
  record Completion(String text, int promptTokens, int completionTokens, String finishReason) {}

  private final ChatVla vla;
  private final InferenceGate gate;
  private final TokenListener tokenTap;

  ChatService(ChatVla vla, InferenceGate gate) {
    this(vla, gate, TokenListener.NONE);
  }

  /**
   * @param tokenTap told of every generated token after its delta (if any) was handed out, on the inference thread: how
   *     tests pause a generation mid-answer to see what a streaming client has received by then
   */
  ChatService(ChatVla vla, InferenceGate gate, TokenListener tokenTap) {
    this.vla = vla;
    this.gate = gate;
    this.tokenTap = tokenTap;
  }

  int contextLimit() {
    return vla.prompts().contextLimit();
  }

  /**
   * Generates the assistant's next turn. {@code stops} are strings: generation ends with the token that completes the
   * first of them and the text is cut before it (OpenAI's {@code stop}); {@code <|im_end|>} always ends the turn.
   */
  Completion complete(List<ChatTurn> turns, GenerationConfig cfg, List<String> stops, RandomGenerator rng) {
    return stream(turns, cfg, stops, rng, delta -> {});
  }

  /**
   * {@link #complete}, handing {@code deltas} each piece of the answer's text as soon as it is certain (see
   * {@link AnswerDeltas}); the pieces join to the returned text. Most are handed out on the inference thread while
   * the model waits, so they should be sent, not processed; an unchecked exception {@code deltas} throws ends the
   * generation at that token and propagates (a client that went away). Problems with the request itself (too long for
   * the context) are thrown before the first piece.
   */
  Completion stream(List<ChatTurn> turns, GenerationConfig cfg, List<String> stops, RandomGenerator rng, Consumer<String> deltas) {
    List<RgbImage> images = new ArrayList<>();
    for (ChatTurn t : turns) {
      t.parts().stream().filter(p -> p instanceof RgbImage).forEach(p -> images.add((RgbImage) p));
    }
    Set<Long> stopIds = new HashSet<>(cfg.stopTokens());
    stopIds.add((long) vla.model().config().tokens().eos());
    GenerationConfig withEos = cfg.withStopTokens(stopIds);
    AnswerDeltas answer = new AnswerDeltas(vla.tokenizer(), stops, deltas);
    record Raw(int completionTokens, int prompt, boolean stopped) {}
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
        Generation g = vla.model().generate(inputs, Task.UNDERSTANDING, withEos, rng, answer.andThen(tokenTap));
        return new Raw(g.tokens().length, ids.length, g.stopped());
      }
    });
    // Outside the gate: the last piece needs no model, so the next request need not wait for its write.
    String text = answer.finish();
    String reason = answer.stoppedByString() || raw.stopped() ? "stop" : "length";
    return new Completion(text, raw.prompt(), raw.completionTokens(), reason);
  }
}
