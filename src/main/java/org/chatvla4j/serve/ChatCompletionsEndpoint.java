package org.chatvla4j.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.chatvla4j.model.GenerationConfig;

/**
 * OpenAI's chat completions ({@code POST /v1/chat/completions}) and model list ({@code GET /v1/models}), answered by
 * the understanding expert. With {@code stream: true} the answer goes out as server-sent {@code chat.completion.chunk}
 * events, one per token of visible text, then {@code data: [DONE]}; the tokens are generated first and then streamed
 * (the model has no per-token callback), so a stream's first byte waits for the whole answer.
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

  void completions(Context ctx) throws IOException {
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
      ChatService.Completion c;
      try {
        c = chat.complete(req.turns(), cfg, req.stop(), r);
      } catch (IllegalArgumentException e) {
        boolean context = e.getMessage() != null && e.getMessage().contains("context");
        throw new OpenAiError(400, "invalid_request_error", "messages", context ? "context_length_exceeded" : null, e.getMessage());
      }
      String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
      long now = System.currentTimeMillis() / 1000;
      if (req.stream()) {
        stream(ctx, id, now, c);
      } else {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", "chat.completion");
        root.put("created", now);
        root.put("model", modelId);
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

  private void stream(Context ctx, String id, long now, ChatService.Completion c) throws IOException {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream; charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    OutputStream out = ctx.res().getOutputStream();
    ObjectNode first = chunk(id, now);
    ((ObjectNode) first.withArray("choices").get(0)).putObject("delta").put("role", "assistant").put("content", "");
    send(out, first.toString());
    for (String d : c.deltas()) {
      ObjectNode ch = chunk(id, now);
      ((ObjectNode) ch.withArray("choices").get(0)).putObject("delta").put("content", d);
      send(out, ch.toString());
    }
    ObjectNode last = chunk(id, now);
    ObjectNode choice = (ObjectNode) last.withArray("choices").get(0);
    choice.putObject("delta");
    choice.put("finish_reason", c.finishReason());
    send(out, last.toString());
    send(out, "[DONE]");
  }

  private ObjectNode chunk(String id, long now) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", id);
    root.put("object", "chat.completion.chunk");
    root.put("created", now);
    root.put("model", modelId);
    ArrayNode choices = root.putArray("choices");
    ObjectNode ch = choices.addObject();
    ch.put("index", 0);
    ch.putNull("finish_reason");
    return root;
  }

  private static void send(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
