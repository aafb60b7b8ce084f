package org.chatvla4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.chatvla4j.model.GenerationConfig;
import org.chatvla4j.policy.ChunkPolicy;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * The web playground: the page ({@code playground.html} from the jar) and its JSON API under {@code /playground/api}:
 * {@code POST reset {session?, seed, family}}, {@code GET frame.png?session=}, {@code GET state?session=}, {@code POST
 * chat {session, message}} (a question about the current frame, understanding expert) and {@code POST act {session,
 * instruction}} (one model query, then up to a chunk of steps in the world).
 */
final class PlaygroundEndpoint {
  static final String PAGE = "/org/chatvla4j/serve/playground.html";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChatService chat;
  private final ChunkPolicy policy;
  private final RandomGenerator rng;
  private final int maxSessions;
  private final int actionsPerQuery;
  /** What the page shows: Language-Table's camera frame. */
  private final SceneRenderer display = SceneRenderer.languageTable(ImageSize.languageTable());
  /** What the model is shown: the frame size it was trained on. */
  private final SceneRenderer modelView;
  private final BlockSet blockSet;
  private final Map<String, PlaygroundSession> sessions = new LinkedHashMap<>();
  private final byte[] page;

  /** @param world the blocks and frame size the model was trained on */
  PlaygroundEndpoint(ChatService chat, ChunkPolicy policy, RandomGenerator rng, int maxSessions, int actionsPerQuery,
      PlaygroundWorld world) {
    this.modelView = SceneRenderer.languageTable(world.modelFrames());
    this.blockSet = world.blockSet();
    this.chat = chat;
    this.policy = policy;
    this.rng = rng;
    this.maxSessions = maxSessions;
    this.actionsPerQuery = actionsPerQuery;
    try (InputStream in = PlaygroundEndpoint.class.getResourceAsStream(PAGE)) {
      if (in == null) {
        throw new IllegalStateException(PAGE + " is missing from the jar");
      }
      page = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + PAGE, e);
    }
  }

  void page(Context ctx) {
    ctx.contentType("text/html; charset=utf-8").result(page);
  }

  void reset(Context ctx) {
    JsonNode body = body(ctx);
    String id = body.path("session").asText("");
    long seed = body.path("seed").asLong(0);
    TaskFamily family = TaskFamily.parse(body.path("family").asText(TaskFamily.BLOCK2BLOCK.id()));
    PlaygroundSession s;
    synchronized (sessions) {
      s = sessions.get(id);
      if (s == null) {
        id = UUID.randomUUID().toString();
        s = new PlaygroundSession(display, modelView, blockSet, policy);
        sessions.put(id, s);
        if (sessions.size() > maxSessions) {
          sessions.remove(sessions.keySet().iterator().next());
        }
      }
    }
    var out = s.reset(seed, family);
    out.put("session", id);
    json(ctx, out);
  }

  void frame(Context ctx) {
    ctx.contentType("image/png").header("Cache-Control", "no-store").result(session(ctx.queryParam("session")).framePng());
  }

  void state(Context ctx) {
    json(ctx, session(ctx.queryParam("session")).state());
  }

  void chat(Context ctx) {
    JsonNode body = body(ctx);
    PlaygroundSession s = session(body.path("session").asText(null));
    String message = body.path("message").asText("");
    if (message.isBlank()) {
      throw OpenAiError.badRequest("message", "the chat message is empty");
    }
    var c = chat.complete(List.of(ChatTurn.user(List.of(s.frame()), message)),
        GenerationConfig.greedy(64, Set.of()), List.of(), rng);
    json(ctx, JSON.createObjectNode().put("answer", c.text()).put("completion_tokens", c.completionTokens()));
  }

  void act(Context ctx) {
    JsonNode body = body(ctx);
    PlaygroundSession s = session(body.path("session").asText(null));
    json(ctx, s.act(body.path("instruction").asText(""), actionsPerQuery));
  }

  private PlaygroundSession session(String id) {
    synchronized (sessions) {
      PlaygroundSession s = id == null ? null : sessions.get(id);
      if (s == null) {
        throw new OpenAiError(404, "invalid_request_error", "session", "session_not_found",
            "no playground session '" + id + "'; POST /playground/api/reset to start one");
      }
      return s;
    }
  }

  private static JsonNode body(Context ctx) {
    try {
      JsonNode n = JSON.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
      if (!n.isObject()) {
        throw OpenAiError.badRequest(null, "the request body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw OpenAiError.badRequest(null, "the request body is not valid JSON");
    }
  }

  private static void json(Context ctx, JsonNode node) {
    ctx.contentType("application/json").result(node.toString().getBytes(StandardCharsets.UTF_8));
  }
}
