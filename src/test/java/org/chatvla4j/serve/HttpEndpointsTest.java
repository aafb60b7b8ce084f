package org.chatvla4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.chatvla4j.policy.RemotePolicy;
import org.chatvla4j.serve.client.NdArray;
import org.chatvla4j.serve.client.PolicyClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OpenAI chat completions (plain, streamed, errors), the playground page and API, health, graceful shutdown. */
class HttpEndpointsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static PolicyServer server;

  @BeforeAll
  static void start() {
    server = new PolicyServer(TinyCheckpoint.load(), Optional.of(TinyCheckpoint.STATS), "tiny-chatvla",
        ServeConfig.loopback(0).withMaxReasoningTokens(8)).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<byte[]> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static String dataUrl(int h, int w) throws Exception {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(TinyCheckpoint.image(h, w, 5).toBufferedImage(), "png", png);
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
  }

  static final String ASK = "{\"model\":\"tiny-chatvla\",\"max_tokens\":12,\"temperature\":0,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"what color is the moon?\"}]";

  @Test
  void completionStreamAndImageInputs() throws Exception {
    HttpResponse<String> r = post("/v1/chat/completions", ASK + "}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode j = JSON.readTree(r.body());
    assertEquals("chat.completion", j.get("object").asText());
    assertTrue(j.get("id").asText().startsWith("chatcmpl-"));
    assertEquals("tiny-chatvla", j.get("model").asText());
    JsonNode choice = j.get("choices").get(0);
    assertEquals("assistant", choice.get("message").get("role").asText());
    String content = choice.get("message").get("content").asText();
    String finish = choice.get("finish_reason").asText();
    assertTrue(List.of("stop", "length").contains(finish), finish);
    JsonNode usage = j.get("usage");
    int completion = usage.get("completion_tokens").asInt();
    assertTrue(completion >= 1 && completion <= 12, "completion_tokens " + completion);
    assertEquals(finish.equals("length") ? 12 : completion, completion);
    assertEquals(usage.get("prompt_tokens").asInt() + completion, usage.get("total_tokens").asInt());

    HttpResponse<String> s = post("/v1/chat/completions", ASK + ",\"stream\":true}");
    assertEquals(200, s.statusCode());
    assertTrue(s.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    List<String> data = new ArrayList<>();
    for (String line : s.body().split("\n")) {
      if (line.startsWith("data: ")) {
        data.add(line.substring(6));
      }
    }
    assertEquals("[DONE]", data.getLast());
    StringBuilder joined = new StringBuilder();
    JsonNode first = JSON.readTree(data.getFirst());
    assertEquals("assistant", first.get("choices").get(0).get("delta").get("role").asText());
    String streamFinish = null;
    for (String d : data.subList(0, data.size() - 1)) {
      JsonNode c = JSON.readTree(d);
      assertEquals("chat.completion.chunk", c.get("object").asText());
      JsonNode ch = c.get("choices").get(0);
      joined.append(ch.get("delta").path("content").asText(""));
      if (!ch.get("finish_reason").isNull()) {
        streamFinish = ch.get("finish_reason").asText();
      }
    }
    assertEquals(content, joined.toString(), "greedy stream = greedy completion");
    assertEquals(finish, streamFinish);

    // A 56x56 image is 4x4 patches = 2x2 merged tokens, plus <|vision_start|> and <|vision_end|>: 6 more prompt tokens.
    String withImage = "{\"max_tokens\":4,\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":["
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + dataUrl(56, 56) + "\"}},"
        + "{\"type\":\"text\",\"text\":\"what color is the moon?\"}]}]}";
    HttpResponse<String> ri = post("/v1/chat/completions", withImage);
    assertEquals(200, ri.statusCode(), ri.body());
    int promptWith = JSON.readTree(ri.body()).get("usage").get("prompt_tokens").asInt();
    assertEquals(usage.get("prompt_tokens").asInt() + 6, promptWith);
  }

  @Test
  void badRequestsGetOpenAiErrors() throws Exception {
    assertError(post("/v1/chat/completions", "{not json"), 400, null, null);
    assertError(post("/v1/chat/completions", "{\"model\":\"tiny-chatvla\"}"), 400, "messages", null);
    assertError(post("/v1/chat/completions", ASK.replace("\"temperature\":0", "\"temperature\":3") + "}"), 400, "temperature", null);
    assertError(post("/v1/chat/completions", ASK.replace("tiny-chatvla", "gpt-4o") + "}"), 404, "model", "model_not_found");
    assertError(post("/v1/chat/completions", ASK.replace("\"max_tokens\":12", "\"max_tokens\":5000") + "}"), 400, "messages",
        "context_length_exceeded");
    assertError(post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}"), 400, "messages[0].content[0].image_url", null);
    assertError(post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"file:///etc/passwd\"}}]}]}"), 400, "messages[0].content[0].image_url", null);
    assertError(post("/v1/chat/completions", "{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"), 400, "messages[0].role", null);
    HttpResponse<byte[]> models = get("/v1/models");
    assertEquals(200, models.statusCode());
    assertEquals("tiny-chatvla", JSON.readTree(models.body()).get("data").get(0).get("id").asText());
  }

  static void assertError(HttpResponse<String> r, int status, String param, String code) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode e = JSON.readTree(r.body()).get("error");
    assertTrue(e.get("message").asText().length() > 10, r.body());
    assertEquals(status == 404 || status == 400 ? "invalid_request_error" : "server_error", e.get("type").asText());
    assertEquals(param, e.get("param").isNull() ? null : e.get("param").asText(), r.body());
    assertEquals(code, e.get("code").isNull() ? null : e.get("code").asText(), r.body());
  }

  @Test
  void playgroundPageAndApiMoveTheRobot() throws Exception {
    for (String path : List.of("/", "/playground")) {
      HttpResponse<byte[]> page = get(path);
      assertEquals(200, page.statusCode());
      String html = new String(page.body());
      for (String id : List.of("id=\"frame\"", "id=\"seed\"", "id=\"reset\"", "id=\"instruction\"", "id=\"step\"",
          "id=\"chat-input\"", "id=\"reasoning\"", "id=\"actions\"", "id=\"success\"")) {
        assertTrue(html.contains(id), path + " lacks " + id);
      }
    }
    HttpResponse<byte[]> health = get("/healthz");
    assertEquals(200, health.statusCode());
    assertEquals("OK\n", new String(health.body()));

    JsonNode s0 = JSON.readTree(post("/playground/api/reset", "{\"seed\":3,\"family\":\"block2block\"}").body());
    String session = s0.get("session").asText();
    assertEquals(4, s0.get("blocks").size());
    assertEquals(0, s0.get("steps").asInt());
    JsonNode again = JSON.readTree(post("/playground/api/reset", "{\"session\":\"" + session + "\",\"seed\":3}").body());
    assertEquals(s0.get("blocks"), again.get("blocks"), "same seed, same layout");

    HttpResponse<byte[]> png = get("/playground/api/frame.png?session=" + session);
    var img = ImageIO.read(new java.io.ByteArrayInputStream(png.body()));
    assertEquals(320, img.getWidth());
    assertEquals(180, img.getHeight());

    JsonNode acted = JSON.readTree(post("/playground/api/act",
        "{\"session\":\"" + session + "\",\"instruction\":\"push the red moon to the blue cube\"}").body());
    assertEquals(8, acted.get("executed").asInt());
    assertEquals(8, acted.get("steps").asInt());
    assertEquals(8, acted.get("actions").size());
    // The effector's commanded target moves by the executed actions (clipped to the workspace), so the arm moved.
    assertNotEquals(s0.get("effector"), acted.get("effector"));
    assertTrue(acted.has("reasoning") && acted.has("success"));

    JsonNode chat = JSON.readTree(post("/playground/api/chat", "{\"session\":\"" + session + "\",\"message\":\"how many blocks?\"}").body());
    assertTrue(chat.get("answer").isTextual());
    assertTrue(chat.get("completion_tokens").asInt() >= 1);
    assertEquals(404, post("/playground/api/act", "{\"session\":\"nope\",\"instruction\":\"x\"}").statusCode());
  }

  @Test
  void shutdownLetsTheRunningRequestFinish() throws Exception {
    PolicyServer s = new PolicyServer(TinyCheckpoint.load(), Optional.of(TinyCheckpoint.STATS), "tiny-chatvla",
        ServeConfig.loopback(0).withMaxReasoningTokens(48)).start();
    PolicyClient c = PolicyClient.connect(URI.create("ws://127.0.0.1:" + s.port()), Duration.ofSeconds(60));
    CompletableFuture<NdArray> reply = CompletableFuture.supplyAsync(
        () -> (NdArray) c.infer(RemotePolicy.observation(OpenPiProtocolTest.query(1, "go"))).get("actions"));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (s.inFlight() == 0 && !reply.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    int port = s.port();
    s.close(); // blocks until the running request is answered
    assertArrayEquals(new int[] {8, 2}, reply.get().shape());
    assertEquals(0, s.inFlight());
    c.close();
    var refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
            HttpResponse.BodyHandlers.discarding()));
    assertTrue(refused instanceof java.net.ConnectException || refused.getCause() instanceof java.net.ConnectException, refused.toString());
  }
}
