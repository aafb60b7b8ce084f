package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.policy.RemotePolicy;
import org.chatvla4j.policy.RobotQuery;
import org.chatvla4j.serve.PolicyServer;
import org.chatvla4j.serve.TinyCheckpoint;
import org.chatvla4j.serve.client.NdArray;
import org.chatvla4j.serve.client.PolicyClient;
import org.chatvla4j.tensor.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve --device}: an explicit {@code cpu} serves the default's actions and chat answers; a malformed or
 * unusable device stops before the checkpoint is read.
 */
class ServeDeviceOptionTest {
  @TempDir Path tmp;

  private record Served(float[] actions, String reasoning, String answer) {}

  /** Starts {@code serve} with {@code extra} flags, asks it once for actions and once for a text-only answer, stops it. */
  private static Served serveOnce(String... extra) throws Exception {
    ServeCommand cmd = new ServeCommand();
    List<String> args = new ArrayList<>(List.of("--model", TinyCheckpoint.dir().toString(), "--port", "0",
        "--reasoning-tokens", "8"));
    args.addAll(List.of(extra));
    new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
    try (PolicyServer server = cmd.start();
        PolicyClient client = PolicyClient.connect(URI.create("ws://127.0.0.1:" + server.port()), Duration.ofSeconds(60))) {
      RobotQuery q = new RobotQuery(List.of(TinyCheckpoint.image(180, 320, 3)), new float[] {0.45f, -0.1f, 0.46f, -0.1f}, "go");
      var reply = client.infer(RemotePolicy.observation(q));
      HttpResponse<String> chat = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny-chatvla\",\"max_tokens\":6,\"temperature\":0,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"what color is the moon?\"}]}"))
          .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, chat.statusCode(), chat.body());
      String answer = new ObjectMapper().readTree(chat.body()).at("/choices/0/message/content").asText();
      return new Served(((NdArray) reply.get("actions")).toFloats(), (String) reply.get("reasoning"), answer);
    }
  }

  @Test
  void explicitDeviceCpuServesTheDefaultsActionsAndAnswers() throws Exception {
    Served plain = serveOnce();
    Served cpu = serveOnce("--device", "cpu");
    assertEquals(16, plain.actions().length, "8 steps x 2 dims");
    assertArrayEquals(plain.actions(), cpu.actions(), "the diffusion noise is drawn the same way on both");
    assertEquals(plain.reasoning(), cpu.reasoning());
    assertEquals(plain.answer(), cpu.answer());
  }

  @Test
  void malformedDeviceExits2BeforeTheModelIsLookedAt() {
    // The model directory does not exist: the device is judged first, so its message is the one printed.
    CliRun bad = CliRun.of("serve", "--model", tmp.resolve("missing").toString(), "--device", "gpu0");
    assertEquals(2, bad.exitCode(), bad.err());
    assertTrue(bad.err().contains("--device must be cpu, cuda or cuda:N (N = 0, 1, ...), got 'gpu0'"), bad.err());
    assertFalse(bad.err().contains("is not a directory"), bad.err());
  }

  @Test
  void cudaWithoutAUsableGpuStopsBeforeLoading() throws Exception {
    assumeFalse(Device.cudaAvailable(), "a GPU is visible: it would start serving instead");
    // An empty directory: loading it would fail naming config.json, so this message proves the check came first.
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    CliRun r = CliRun.of("serve", "--model", empty.toString(), "--device", "cuda");
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().contains("--device cuda cannot run here: "), r.err());
    assertFalse(r.err().contains("config.json is missing"), r.err());
  }
}
