package org.chatvla4j.serve;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.TokenListener;
import org.chatvla4j.policy.ChatVlaPolicy;
import org.chatvla4j.policy.InferenceGate;

/**
 * {@code chatvla serve}: one loaded ChatVLA behind openpi's websocket protocol at {@code /}, OpenAI's chat API under
 * {@code /v1}, the playground at {@code /} (plain GET) and {@code /playground}, and {@code /healthz}. Every inference
 * goes through one {@link InferenceGate}; {@link #close} stops taking requests, lets the running ones finish (up to the
 * configured grace) and then stops the HTTP server.
 */
public final class PolicyServer implements AutoCloseable {
  private final Javalin app;
  private final InFlight inFlight = new InFlight();
  private final ServeConfig config;
  private final Map<String, Object> metadata;
  private final PlaygroundWorld playgroundWorld;

  /**
   * @param modelId the name clients use in {@code model} (the checkpoint directory's name)
   */
  public PolicyServer(ChatVla vla, Optional<DatasetStats> stats, String modelId, ServeConfig config) {
    this(vla, stats, modelId, config, TokenListener.NONE);
  }

  /** @param chatTokenTap told of every token a chat generates (see {@link ChatService}): how tests watch a stream */
  PolicyServer(ChatVla vla, Optional<DatasetStats> stats, String modelId, ServeConfig config, TokenListener chatTokenTap) {
    this.config = config;
    InferenceGate gate = new InferenceGate();
    SplittableRandom root = new SplittableRandom(config.seed());
    ChatVlaPolicy policy = new ChatVlaPolicy(vla, stats, gate, root.split(), config.maxReasoningTokens());
    ScaleDpConfig head = policy.head();
    ObservationDecoder decoder = new ObservationDecoder(config.imageKeys(), head.stateDim());
    metadata = metadata(modelId, head, stats.isPresent(), decoder, config.imageKeys());
    OpenPiEndpoint openpi = new OpenPiEndpoint(policy, decoder, metadata, inFlight);
    ChatService chat = new ChatService(vla, gate, chatTokenTap);
    ChatCompletionsEndpoint openai =
        new ChatCompletionsEndpoint(chat, new ImageUrls(config.fileRoot()), modelId, root.split(), inFlight);
    playgroundWorld = PlaygroundWorld.of(stats);
    PlaygroundEndpoint playground = new PlaygroundEndpoint(chat, policy, root.split(), config.playgroundSessions(),
        head.predictionHorizon(), playgroundWorld);
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.http.maxRequestSize = config.maxMessageBytes();
      c.jetty.modifyWebSocketServletFactory(f -> {
        f.setMaxBinaryMessageSize(config.maxMessageBytes());
        f.setMaxTextMessageSize(1 << 20);
      });
      c.routes.ws("/", openpi::configure);
      c.routes.get("/", playground::page);
      c.routes.get("/playground", playground::page);
      c.routes.get("/healthz", ctx -> ctx.result("OK\n"));
      c.routes.get("/v1/models", openai::models);
      c.routes.post("/v1/chat/completions", openai::completions);
      c.routes.post("/playground/api/reset", ctx -> guarded(ctx, () -> playground.reset(ctx)));
      c.routes.get("/playground/api/frame.png", playground::frame);
      c.routes.get("/playground/api/state", playground::state);
      c.routes.post("/playground/api/chat", ctx -> guarded(ctx, () -> playground.chat(ctx)));
      c.routes.post("/playground/api/act", ctx -> guarded(ctx, () -> playground.act(ctx)));
      c.routes.exception(OpenAiError.class, (e, ctx) -> error(ctx, e));
      c.routes.exception(IllegalArgumentException.class,
          (e, ctx) -> error(ctx, new OpenAiError(400, "invalid_request_error", null, null, String.valueOf(e.getMessage()))));
      c.routes.exception(Exception.class,
          (e, ctx) -> error(ctx, new OpenAiError(500, "server_error", null, null, "internal error: " + e)));
    });
  }

  private interface Work {
    void run();
  }

  private void guarded(Context ctx, Work w) {
    if (!inFlight.enter()) {
      throw new OpenAiError(503, "server_error", null, "shutting_down", "the server is shutting down");
    }
    try {
      w.run();
    } finally {
      inFlight.exit();
    }
  }

  private static void error(Context ctx, OpenAiError e) {
    ctx.status(e.status).contentType("application/json").result(e.body().toString());
  }

  private static Map<String, Object> metadata(String modelId, ScaleDpConfig head, boolean normalised, ObservationDecoder decoder,
      List<String> imageKeys) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("server", "chatvla4j");
    m.put("model", modelId);
    m.put("action_horizon", (long) head.predictionHorizon());
    m.put("action_dim", (long) head.actionDim());
    m.put("state_dim", (long) head.stateDim());
    m.put("image_keys", List.copyOf(imageKeys));
    m.put("observation_keys", decoder.describeKeys());
    m.put("reply_keys", Map.of(
        "actions", "float32 [action_horizon, action_dim] in robot units",
        "reasoning", "str: the sub-step the robot is carrying out",
        "server_timing", "{infer_ms, prev_total_ms}",
        OpenPiEndpoint.REQUEST_ID, "the observation's request_id, echoed unchanged when given"));
    m.put("normalization", normalised ? "dataset_stats.json" : "identity (no dataset_stats.json)");
    return m;
  }

  /** Binds and starts serving; returns this. */
  public PolicyServer start() {
    app.start(config.host(), config.port());
    return this;
  }

  /** The bound port (the chosen one when started with port 0). */
  public int port() {
    return app.port();
  }

  public Map<String, Object> metadata() {
    return metadata;
  }

  /** The playground's block set and model frame size, and whether the checkpoint recorded them (for the banner). */
  public String playgroundSetup() {
    return playgroundWorld.describe();
  }

  /** Requests being served right now. */
  public int inFlight() {
    return inFlight.running();
  }

  /** Graceful stop: refuse new requests, wait up to the grace for running ones, stop the server. */
  @Override
  public void close() {
    try {
      int left = inFlight.drain(config.shutdownGrace());
      if (left > 0) {
        System.err.println("warning: stopping with " + left + " request(s) still running after " + config.shutdownGrace());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    app.stop();
  }

  /** The openpi address of a server on {@code host:port}. */
  public static String websocketUrl(String host, int port) {
    return "ws://" + host + ":" + port;
  }
}
