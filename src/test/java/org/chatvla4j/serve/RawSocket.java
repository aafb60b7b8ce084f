package org.chatvla4j.serve;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare websocket for tests: sends raw frames and records every binary, text and close event in order. */
final class RawSocket implements AutoCloseable {
  sealed interface Event permits Binary, Text, Close {}

  record Binary(byte[] data) implements Event {}

  record Text(String text) implements Event {}

  record Close(int code, String reason) implements Event {}

  final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final WebSocket ws;

  RawSocket(int port) {
    ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/"),
        new WebSocket.Listener() {
          final ByteArrayOutputStream bin = new ByteArrayOutputStream();
          final StringBuilder txt = new StringBuilder();

          @Override
          public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            bin.writeBytes(b);
            if (last) {
              events.add(new Binary(bin.toByteArray()));
              bin.reset();
            }
            w.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            txt.append(data);
            if (last) {
              events.add(new Text(txt.toString()));
              txt.setLength(0);
            }
            w.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            events.add(new Close(code, reason));
            return CompletableFuture.completedFuture(null);
          }

          @Override
          public void onError(WebSocket w, Throwable error) {
            events.add(new Close(-1, String.valueOf(error)));
          }
        }).join();
  }

  void send(byte[] frame) {
    ws.sendBinary(ByteBuffer.wrap(frame), true).join();
  }

  /**
   * Sends a frame the server is expected to refuse part-way: the server closes as soon as the frame header announces
   * too many bytes, and this client then fails the rest of the write with "Output closed". That failure is the expected
   * outcome, so it is swallowed; the close event the server sent is still queued for {@link #next()}.
   */
  void sendRefusedMidFrame(byte[] frame) {
    try {
      ws.sendBinary(ByteBuffer.wrap(frame), true).join();
    } catch (CompletionException e) {
      if (!(e.getCause() instanceof java.io.IOException)) {
        throw e;
      }
    }
  }

  void sendText(String s) {
    ws.sendText(s, true).join();
  }

  Event next() throws InterruptedException {
    Event e = events.poll(60, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no websocket event within 60 s");
    }
    return e;
  }

  @Override
  public void close() {
    ws.abort();
  }
}
