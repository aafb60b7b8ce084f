package org.chatvla4j.serve;

import io.javalin.websocket.WsBinaryMessageContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chatvla4j.policy.ActionChunk;
import org.chatvla4j.policy.ChunkPolicy;
import org.chatvla4j.policy.RobotQuery;
import org.chatvla4j.serve.client.MsgpackNumpy;
import org.chatvla4j.serve.client.NdArray;

/**
 * openpi's websocket policy protocol ({@code websocket_policy_server.py}): on connect the metadata map; then per binary
 * msgpack observation one binary msgpack reply {@code {actions: float32 [chunk, action_dim], reasoning: str,
 * server_timing: {infer_ms, prev_total_ms}}}, plus the observation's {@code request_id} when it has one. A failure is
 * reported as a text frame with the message, after which the connection is closed with code 1011, exactly as openpi
 * does; other connections are unaffected. openpi's control
 * frames ({@code __ctrl__}: episode_start / episode_end) are acknowledged with {@code __ack__}.
 */
final class OpenPiEndpoint {
  static final int INTERNAL_ERROR = 1011;
  /** Optional observation key whose value comes back unchanged in the reply. */
  static final String REQUEST_ID = "request_id";

  private final ChunkPolicy policy;
  private final ObservationDecoder decoder;
  private final byte[] metadata;
  private final InFlight inFlight;
  private final Map<String, Double> previousTotalMs = new ConcurrentHashMap<>();

  OpenPiEndpoint(ChunkPolicy policy, ObservationDecoder decoder, Map<String, Object> metadata, InFlight inFlight) {
    this.policy = policy;
    this.decoder = decoder;
    this.metadata = MsgpackNumpy.pack(metadata);
    this.inFlight = inFlight;
  }

  void configure(WsConfig ws) {
    ws.onConnect(ctx -> {
      // Jetty's idle timeout would drop robots that pause between episodes; openpi keeps connections open.
      ctx.session.setIdleTimeout(java.time.Duration.ZERO);
      ctx.send(ByteBuffer.wrap(metadata));
    });
    ws.onBinaryMessage(this::onBinary);
    ws.onMessage(ctx -> fail(ctx, "expected a binary msgpack frame, got a text frame; send observations packed with msgpack_numpy"));
    ws.onClose(ctx -> previousTotalMs.remove(ctx.sessionId()));
  }

  private void onBinary(WsBinaryMessageContext ctx) {
    long start = System.nanoTime();
    if (!inFlight.enter()) {
      fail(ctx, "the server is shutting down; reconnect to another instance");
      return;
    }
    try {
      ByteBuffer buf = ctx.data();
      byte[] frame = new byte[buf.remaining()];
      buf.get(frame);
      Map<String, Object> obs = MsgpackNumpy.unpackMap(frame);
      Map<String, Object> reply;
      if (obs.get("__ctrl__") instanceof String ctrl) {
        reply = Map.of("__ack__", ctrl.equals("episode_start") || ctrl.equals("episode_end") ? ctrl : "ignored");
      } else {
        RobotQuery q = decoder.decode(obs);
        long t0 = System.nanoTime();
        ActionChunk chunk = policy.infer(q);
        double inferMs = (System.nanoTime() - t0) / 1e6;
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("infer_ms", inferMs);
        Double prev = previousTotalMs.get(ctx.sessionId());
        if (prev != null) {
          timing.put("prev_total_ms", prev);
        }
        reply = new LinkedHashMap<>();
        reply.put("actions", NdArray.float32(chunk.actions()));
        reply.put("reasoning", chunk.reasoning());
        reply.put("server_timing", timing);
        // Echoed untouched so a client with several requests in flight (or a test) can match each reply to its request.
        if (obs.containsKey(REQUEST_ID)) {
          reply.put(REQUEST_ID, obs.get(REQUEST_ID));
        }
      }
      ctx.send(ByteBuffer.wrap(MsgpackNumpy.pack(reply)));
      previousTotalMs.put(ctx.sessionId(), (System.nanoTime() - start) / 1e6);
    } catch (RuntimeException e) {
      fail(ctx, e.getMessage() == null ? e.toString() : e.getMessage());
    } finally {
      inFlight.exit();
    }
  }

  private static void fail(WsContext ctx, String message) {
    ctx.send(message);
    ctx.closeSession(INTERNAL_ERROR, "Internal server error. The message is in the previous frame.");
  }
}
