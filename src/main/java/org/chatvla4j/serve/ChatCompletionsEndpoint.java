package org.chatvla4j.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.chatvla4j.model.GenerationConfig;

/**
 * OpenAI's chat completions ({@code POST /v1/chat/completions}) and model list ({@code GET /v1/models}), answered by
 * the understanding expert. With {@code stream: true} the answer goes out as server-sent {@code chat.completion.chunk}
 * events while it is generated: each piece of visible text is sent and flushed as soon as the token that completes it
 * is picked (minus what a stop string may still claim), then the finish reason and {@code data: [DONE]}. The model
 * waits on each write, so a client that closes the connection ends its generation at the next piece and frees the
 * model; one that stops reading holds it until the write times out.
 */
final class ChatCompletionsEndpoint {
  static final int DEFAULT_MAX_TOKENS = 256;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChatService chat;
  private final ImageUrls images;
  private final String modelId;
  private final long created = System.currentTimeMillis() / 1000;
  private final RandomGenerator rng;
  private final InFlight inFlight;

  ChatCompletionsEndpoint(ChatService chat, ImageUrls images, String modelId, RandomGenerator rng, InFlight inFlight) {
    this.chat = chat;
    this.images = images;
    this.modelId = modelId;
    this.rng = rng;
    this.inFlight = inFlight;
  }

  void models(Context ctx) {
    ObjectNode root = JSON.createObjectNode();
    root.put("object", "list");
    ObjectNode m = root.putArray("data").addObject();
    m.put("id", modelId);
    m.put("object", "model");
    m.put("created", created);
    m.put("owned_by", "chatvla4j");
    ctx.contentType("application/json").result(root.toString());
  }

  void completions(Context ctx) {
    if (!inFlight.enter()) {
      throw new OpenAiError(503, "server_error", null, "shutting_down", "the server is shutting down");
    }
    try {
      ChatRequest req = ChatRequest.parse(ctx.body(), images);
      if (req.model().isPresent() && !req.model().get().equals(modelId)) {
        throw new OpenAiError(404, "invalid_request_error", "model", "model_not_found",
            "The model '" + req.model().get() + "' does not exist; this server serves '" + modelId + "'");
      }
      int room = chat.contextLimit();
      int maxTokens = req.maxTokens().orElse(Math.min(DEFAULT_MAX_TOKENS, room));
      GenerationConfig cfg = new GenerationConfig(maxTokens, req.temperature(), req.topP(), Set.of());
      RandomGenerator r = req.seed().isPresent() ? new SplittableRandom(req.seed().getAsLong()) : rng;
      String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
      long now = System.currentTimeMillis() / 1000;
      if (req.stream()) {
        stream(req, cfg, r, new CompletionStream(ctx, id, now, modelId));
      } else {
        ChatService.Completion c = answer(req, cfg, r, delta -> {});
        ObjectNode root = envelope("chat.completion", id, now, modelId);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        msg.put("content", c.text());
        choice.putNull("logprobs");
        choice.put("finish_reason", c.finishReason());
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", c.promptTokens());
        usage.put("completion_tokens", c.completionTokens());
        usage.put("total_tokens", c.promptTokens() + c.completionTokens());
        ctx.contentType("application/json").result(root.toString());
      }
    } finally {
      inFlight.exit();
    }
  }

  /** The fields every completion object and stream chunk starts with. */
  static ObjectNode envelope(String object, String id, long created, String model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("object", object);
    root.put("created", created);
    root.put("model", model);
    return root;
  }

  private ChatService.Completion answer(ChatRequest req, GenerationConfig cfg, RandomGenerator r, Consumer<String> deltas) {
    try {
      return chat.stream(req.turns(), cfg, req.stop(), r, deltas);
    } catch (IllegalArgumentException e) {
      boolean context = e.getMessage() != null && e.getMessage().contains("context");
      throw new OpenAiError(400, "invalid_request_error", "messages", context ? "context_length_exceeded" : null, e.getMessage());
    }
  }

  private void stream(ChatRequest req, GenerationConfig cfg, RandomGenerator r, CompletionStream out) {
    try {
      ChatService.Completion c = answer(req, cfg, r, out::delta);
      out.finish(c.finishReason());
    } catch (ClientGone e) {
      // Nobody is listening: the generation stopped at the failed write and there is no one left to answer.
    } catch (RuntimeException e) {
      if (!out.started()) {
        throw e; // nothing sent yet: the usual error response
      }
      OpenAiError error = e instanceof OpenAiError oe ? oe : new OpenAiError(500, "server_error", null, null, "internal error: " + e);
      try {
        out.fail(error);
      } catch (ClientGone gone) {
        // The client left as well.
      }
    }
  }
}
