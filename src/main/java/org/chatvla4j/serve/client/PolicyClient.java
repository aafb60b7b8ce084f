package org.chatvla4j.serve.client;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of openpi's websocket policy protocol (the Java twin of {@code WebsocketClientPolicy}): connect, read the
 * server's metadata frame, then send one msgpack observation per {@link #infer} and read one msgpack reply. A text frame
 * from the server is an error report and raises {@link PolicyServerException}. Not thread-safe: like openpi's, one
 * request at a time per connection (open one client per robot or thread).
 */
public final class PolicyClient implements AutoCloseable {
  private sealed interface Incoming permits Binary, Text, Closed {}

  private record Binary(byte[] bytes) implements Incoming {}

  private record Text(String text) implements Incoming {}

  private record Closed(int code, String reason) implements Incoming {}

  private final WebSocket socket;
  private final BlockingQueue<Incoming> inbox = new LinkedBlockingQueue<>();
  private final Map<String, Object> metadata;
  private final Duration timeout;

  /** Connects to {@code ws://host:port} and reads the metadata frame; each reply is awaited at most {@code timeout}. */
  public static PolicyClient connect(URI uri, Duration timeout) {
    if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
      throw new IllegalArgumentException("policy server address must start with ws:// or wss://, got " + uri);
    }
    Listener listener = new Listener();
    WebSocket ws;
    try {
      ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, listener)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new PolicyServerException("cannot connect to the policy server at " + uri + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new PolicyServerException("no answer from the policy server at " + uri + " within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PolicyServerException("interrupted while connecting to " + uri);
    }
    return new PolicyClient(ws, timeout, listener);
  }

  private PolicyClient(WebSocket socket, Duration timeout, Listener listener) {
    this.socket = socket;
    this.timeout = timeout;
    listener.inbox = inbox;
    listener.drainPending();
    this.metadata = MsgpackNumpy.unpackMap(expectBinary(take(), "the metadata frame"));
  }

  /** What the server said about itself on connect (model, action shape, observation keys). */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /** Sends one observation and returns the server's reply (e.g. {@code actions}, {@code server_timing}). */
  public Map<String, Object> infer(Map<String, ?> observation) {
    return exchange(MsgpackNumpy.pack(observation));
  }

  /** Sends an already packed frame (for tests of the wire format) and decodes the reply. */
  public Map<String, Object> exchange(byte[] frame) {
    socket.sendBinary(ByteBuffer.wrap(frame), true).join();
    return MsgpackNumpy.unpackMap(expectBinary(take(), "the reply"));
  }

  private byte[] expectBinary(Incoming in, String what) {
    return switch (in) {
      case Binary(byte[] b) -> b;
      case Text(String t) -> {
        Incoming next = poll(Duration.ofSeconds(2));
        String close = next instanceof Closed(int code, String reason) ? " (closed with " + code + " " + reason + ")" : "";
        throw new PolicyServerException("policy server error: " + t + close);
      }
      case Closed(int code, String reason) ->
          throw new PolicyServerException("the policy server closed the connection before " + what + ": " + code + " " + reason);
    };
  }

  private Incoming take() {
    Incoming in = poll(timeout);
    if (in == null) {
      throw new PolicyServerException("no frame from the policy server within " + timeout);
    }
    return in;
  }

  private Incoming poll(Duration d) {
    try {
      return inbox.poll(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PolicyServerException("interrupted while waiting for the policy server");
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null).join();
    }
    socket.abort();
  }

  /** Reassembles fragmented messages and queues whole frames; messages before the client exists are held. */
  private static final class Listener implements WebSocket.Listener {
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();
    private final java.util.List<Incoming> pending = new java.util.ArrayList<>();
    private volatile BlockingQueue<Incoming> inbox;

    synchronized void drainPending() {
      inbox.addAll(pending);
      pending.clear();
    }

    private synchronized void deliver(Incoming in) {
      if (inbox == null) {
        pending.add(in);
      } else {
        inbox.add(in);
      }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        deliver(new Binary(binary.toByteArray()));
        binary.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        deliver(new Text(text.toString()));
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      deliver(new Closed(statusCode, reason));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      deliver(new Closed(-1, String.valueOf(error.getMessage())));
    }
  }
}
