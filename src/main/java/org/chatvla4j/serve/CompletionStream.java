package org.chatvla4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One streamed chat completion on the wire: server-sent {@code chat.completion.chunk} events, each flushed at once: the
 * assistant role, each text delta, then the finish reason and {@code data: [DONE]}. Nothing is written before the
 * first delta (or the end), so a request refused before its answer starts still gets an ordinary error response.
 */
final class CompletionStream {
  private final Context ctx;
  private final String id;
  private final long created;
  private final String model;
  private OutputStream out;

  CompletionStream(Context ctx, String id, long created, String model) {
    this.ctx = ctx;
    this.id = id;
    this.created = created;
    this.model = model;
  }

  /** Whether the response has begun (its status and headers are sent: an error can only go out as an event now). */
  boolean started() {
    return out != null;
  }

  /** Sends one piece of the answer; {@link ClientGone} if the client has closed the connection. */
  void delta(String text) {
    ObjectNode c = chunk();
    choice(c).putObject("delta").put("content", text);
    send(c.toString());
  }

  /** Sends the finish reason ({@code stop} or {@code length}) and {@code [DONE]}. */
  void finish(String reason) {
    ObjectNode c = chunk();
    choice(c).putObject("delta");
    choice(c).put("finish_reason", reason);
    send(c.toString());
    send("[DONE]");
  }

  /** After {@link #started}: the failure as an OpenAI error event, then {@code [DONE]}, since the status is already 200. */
  void fail(OpenAiError e) {
    send(e.body().toString());
    send("[DONE]");
  }

  private void send(String data) {
    try {
      if (out == null) {
        start();
      }
      out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }

  private void start() throws IOException {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream; charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    out = ctx.res().getOutputStream();
    ObjectNode first = chunk();
    choice(first).putObject("delta").put("role", "assistant").put("content", "");
    out.write(("data: " + first + "\n\n").getBytes(StandardCharsets.UTF_8));
  }

  private ObjectNode chunk() {
    ObjectNode root = ChatCompletionsEndpoint.envelope("chat.completion.chunk", id, created, model);
    ObjectNode ch = root.putArray("choices").addObject();
    ch.put("index", 0);
    ch.putNull("finish_reason");
    return root;
  }

  private static ObjectNode choice(ObjectNode chunk) {
    return (ObjectNode) chunk.withArray("choices").get(0);
  }
}
