package org.chatvla4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.chatvla4j.text.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code stream: true} over HTTP is a real stream: text reaches the client while the model is still generating (the
 * test holds the generation mid-answer and reads the stream meanwhile), and a client that hangs up ends its generation.
 */
class StreamingHttpTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final TokenTap TAP = new TokenTap();
  static PolicyServer server;

  @BeforeAll
  static void start() {
    server = new PolicyServer(TinyCheckpoint.load(), Optional.of(TinyCheckpoint.STATS), "tiny-chatvla",
        ServeConfig.loopback(0).withMaxReasoningTokens(8), TAP).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Sampled with a seed, so the tiny random model says many words, the same ones each time. */
  static String ask(int maxTokens, boolean stream) {
    return "{\"max_tokens\":" + maxTokens + ",\"temperature\":1,\"seed\":21,\"stream\":" + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"what color is the moon?\"}]}";
  }

  static HttpRequest post(String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build();
  }

  /** A plain completion: its content, with the tokens the tap saw generated. */
  record Whole(String content, String finish, long[] tokens) {}

  static Whole whole(int maxTokens) throws Exception {
    TAP.reset();
    HttpResponse<String> r = HTTP.send(post(ask(maxTokens, false)), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode choice = JSON.readTree(r.body()).get("choices").get(0);
    return new Whole(choice.get("message").get("content").asText(), choice.get("finish_reason").asText(), TAP.tokens());
  }

  /** The 1-based index of the token whose arrival first shows text (the tiny tokenizer, as the checkpoint's). */
  static int firstVisibleToken(long[] tokens) {
    int[] seen = {0};
    int[] first = {0};
    AnswerDeltas a = new AnswerDeltas(Tokenizer.tiny(), List.of(), d -> first[0] = first[0] == 0 ? seen[0] : first[0]);
    for (long t : tokens) {
      seen[0]++;
      a.accept(t);
    }
    return first[0];
  }

  /** The content of a {@code data:} line's delta, or null for the role, finish and [DONE] events. */
  static String content(String line) throws Exception {
    if (!line.startsWith("data: {")) {
      return null;
    }
    JsonNode delta = JSON.readTree(line.substring(6)).get("choices").get(0).get("delta");
    return delta.has("content") && !delta.has("role") ? delta.get("content").asText() : null;
  }

  @Test
  void textArrivesWhileTheModelIsStillGenerating() throws Exception {
    Whole w = whole(40);
    int n = w.tokens().length;
    int k = firstVisibleToken(w.tokens());
    assertTrue(k >= 1 && k < n, "the premise: text shows before the last of " + n + " tokens (first at " + k + ")");

    TAP.pauseAfter(k); // the model stops after token k until the client has read its text
    HttpResponse<Stream<String>> r = HTTP.send(post(ask(40, true)), HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    StringBuilder joined = new StringBuilder();
    int tokensWhenFirstTextArrived = -1;
    boolean pausedThen = false;
    String finish = null;
    String last = null;
    try (Stream<String> lines = r.body()) {
      for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
        String line = it.next();
        String c = content(line);
        if (c != null && tokensWhenFirstTextArrived < 0) {
          // The model cannot pass token k before resume(), so once it is held there the count is where the text was.
          pausedThen = TAP.awaitPause(30);
          tokensWhenFirstTextArrived = TAP.count();
          TAP.resume();
        }
        if (c != null) {
          joined.append(c);
        }
        if (line.startsWith("data: {") && !JSON.readTree(line.substring(6)).get("choices").get(0).get("finish_reason").isNull()) {
          finish = JSON.readTree(line.substring(6)).get("choices").get(0).get("finish_reason").asText();
        }
        if (line.startsWith("data: ")) {
          last = line;
        }
      }
    }
    assertTrue(TAP.resumedByTest(), "the client saw text while the model was held after token " + k);
    assertTrue(pausedThen, "the model was held when the text arrived");
    assertEquals(k, tokensWhenFirstTextArrived, "text arrived after " + tokensWhenFirstTextArrived + " of " + n + " tokens");
    assertEquals(n, TAP.count(), "then the generation went on to the end");
    assertEquals(w.content(), joined.toString(), "the stream joins to the plain answer");
    assertEquals(w.finish(), finish);
    assertEquals("data: [DONE]", last);
  }

  @Test
  void aStopStringEndsTheGenerationAndUsageCountsOnlyTheTokensGenerated() throws Exception {
    // Greedy, the tiny model says "not not notlolo…logaingain…": the stop spans the tokens "lo" and "gain".
    String stop = "logain";
    String greedy = "{\"max_tokens\":40,\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"what color is the moon?\"}]";
    TAP.reset();
    JsonNode free = JSON.readTree(HTTP.send(post(greedy + "}"), HttpResponse.BodyHandlers.ofString()).body());
    long[] all = TAP.tokens();
    String content = free.get("choices").get(0).get("message").get("content").asText();
    int k = ChatStreamingTest.tokensUntil(all, stop);
    assertEquals(40, free.get("usage").get("completion_tokens").asInt());
    assertTrue(k > 5 && k < 40, "the premise: '" + stop + "' completes mid-answer, at token " + k + " of '" + content + "'");
    String before = content.substring(0, content.indexOf(stop));

    TAP.reset();
    HttpResponse<String> r = HTTP.send(post(greedy + ",\"stop\":[\"" + stop + "\"]}"), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    JsonNode cut = JSON.readTree(r.body());
    assertEquals(k, TAP.count(), "the model stopped at the token that completed the stop");
    assertEquals(k, cut.get("usage").get("completion_tokens").asInt());
    assertEquals(free.get("usage").get("prompt_tokens").asInt() + k, cut.get("usage").get("total_tokens").asInt());
    assertEquals("stop", cut.get("choices").get(0).get("finish_reason").asText());
    assertEquals(before, cut.get("choices").get(0).get("message").get("content").asText());

    TAP.reset();
    HttpResponse<Stream<String>> sr = HTTP.send(post(greedy + ",\"stream\":true,\"stop\":\"" + stop + "\"}"),
        HttpResponse.BodyHandlers.ofLines());
    StringBuilder joined = new StringBuilder();
    String finish = null;
    try (Stream<String> lines = sr.body()) {
      for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
        String line = it.next();
        String c = content(line);
        joined.append(c == null ? "" : c);
        if (line.startsWith("data: {") && !JSON.readTree(line.substring(6)).get("choices").get(0).get("finish_reason").isNull()) {
          finish = JSON.readTree(line.substring(6)).get("choices").get(0).get("finish_reason").asText();
        }
      }
    }
    assertEquals(k, TAP.count(), "streamed, the same tokens");
    assertEquals("stop", finish);
    assertEquals(before, joined.toString());
  }

  @Test
  void logsTimeToFirstTextAgainstTheWholeStream() throws Exception {
    Whole w = whole(40);
    TAP.reset();
    long t0 = System.nanoTime();
    HttpResponse<Stream<String>> r = HTTP.send(post(ask(40, true)), HttpResponse.BodyHandlers.ofLines());
    long first = -1;
    StringBuilder joined = new StringBuilder();
    try (Stream<String> lines = r.body()) {
      for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
        String c = content(it.next());
        if (c != null) {
          first = first < 0 ? System.nanoTime() : first;
          joined.append(c);
        }
      }
    }
    long end = System.nanoTime();
    assertEquals(w.content(), joined.toString());
    System.err.printf("streamed %d tokens (%d chars): first text after %.1f ms, [DONE] after %.1f ms%n", TAP.count(),
        joined.length(), (first - t0) / 1e6, (end - t0) / 1e6);
  }

  @Test
  void aClientThatHangsUpMidStreamEndsItsGenerationAndTheNextRequestIsServed() throws Exception {
    Whole w = whole(60);
    int n = w.tokens().length;
    int k = firstVisibleToken(w.tokens());
    assertTrue(k >= 1 && k + 10 < n, "the premise: text shows well before the last of " + n + " tokens (first at " + k + ")");

    TAP.pauseAfter(k);
    byte[] body = ask(60, true).getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && content(line) == null) {
        // headers, chunk sizes and the role event
      }
      assertTrue(line != null, "the stream ended before any text");
      s.setSoLinger(true, 0); // hang up with a reset, as a killed client does
    }
    TAP.resume();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (server.inFlight() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(0, server.inFlight(), "the request ended");
    System.err.println("hang-up: stopped after " + TAP.count() + " of " + n + " tokens, first text at " + k);
    assertTrue(TAP.count() < n, "the generation stopped after " + TAP.count() + " of " + n + " tokens");

    Whole again = whole(60);
    assertEquals(w.content(), again.content(), "the next request is served, from a clean model");
  }
}
