package org.chatvla4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.policy.ChatVlaPolicy;
import org.chatvla4j.policy.InferenceGate;
import org.chatvla4j.policy.RemotePolicy;
import org.chatvla4j.policy.RobotQuery;
import org.chatvla4j.serve.client.NdArray;
import org.chatvla4j.serve.client.PolicyClient;
import org.junit.jupiter.api.Test;

/**
 * Sixteen websocket clients, fifty requests each, all at once against one server: every request is answered and every
 * reply belongs to the request that asked for it. Each request carries a {@code request_id} naming its client and
 * index, which the server echoes; each client also has its own query (camera image, state, prompt) whose greedy
 * reasoning, computed by a local copy of the policy, every reply must repeat. The echoed id is the sharp check: the tiny
 * random model's greedy reasoning collapses to about a dozen distinct strings over hundreds of queries, so reasoning
 * alone cannot tell sixteen clients apart.
 */
class ConcurrentClientsTest {
  static final int CLIENTS = 16;
  static final int REQUESTS = 50;
  /** Few tokens and small images keep 800 requests fast. */
  static final int REASONING_TOKENS = 4;
  static final int IMAGE_SIDE = 56;

  record Probe(RobotQuery query, String reasoning) {}

  @Test
  void sixteenClientsTimesFiftyRequestsAreAllAnsweredAndNoneMixedUp() throws Exception {
    List<Probe> probes = probes(TinyCheckpoint.load());
    ServeConfig cfg = ServeConfig.loopback(0).withMaxReasoningTokens(REASONING_TOKENS).withSeed(3);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try (PolicyServer server = new PolicyServer(TinyCheckpoint.load(), Optional.of(TinyCheckpoint.STATS), "tiny-chatvla", cfg).start()) {
      URI uri = URI.create("ws://127.0.0.1:" + server.port());
      CountDownLatch go = new CountDownLatch(1);
      List<Future<long[]>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Probe mine = probes.get(c);
        int client = c;
        clients.add(pool.submit(() -> runClient(uri, client, mine, go)));
      }
      long t0 = System.nanoTime();
      go.countDown();
      long[] latencies = new long[CLIENTS * REQUESTS];
      int n = 0;
      for (Future<long[]> f : clients) {
        for (long l : f.get()) {
          latencies[n++] = l;
        }
      }
      double wallS = (System.nanoTime() - t0) / 1e9;
      assertEquals(CLIENTS * REQUESTS, n);
      // The endpoint leaves the in-flight count just after sending the reply, so the last one may still be inside.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (server.inFlight() != 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(0, server.inFlight(), "every request has finished within 5 s of its reply");
      Arrays.sort(latencies);
      System.err.printf("%d clients x %d requests: %.1f s wall, %.1f requests/s, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          CLIENTS, REQUESTS, wallS, n / wallS, latencies[n / 2] / 1e6, latencies[(int) Math.ceil(n * 0.99) - 1] / 1e6,
          latencies[n - 1] / 1e6);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One client's session: {@code REQUESTS} sequential requests; returns their latencies (ns). */
  static long[] runClient(URI uri, int client, Probe mine, CountDownLatch go) throws Exception {
    long[] latencies = new long[REQUESTS];
    try (PolicyClient c = PolicyClient.connect(uri, Duration.ofSeconds(120))) {
      go.await();
      for (int i = 0; i < REQUESTS; i++) {
        String id = "client-" + client + "/request-" + i;
        Map<String, Object> obs = RemotePolicy.observation(mine.query());
        obs.put("request_id", id);
        long t = System.nanoTime();
        Map<String, Object> reply = c.infer(obs);
        latencies[i] = System.nanoTime() - t;
        assertEquals(id, reply.get("request_id"), "the reply answers another request");
        assertEquals(mine.reasoning(), reply.get("reasoning"), () -> id + ": the reasoning is not its own query's");
        NdArray actions = (NdArray) reply.get("actions");
        assertArrayEquals(new int[] {8, 2}, actions.shape());
        OpenPiProtocolTest.assertInActionRange(actions.toFloatMatrix());
      }
    }
    return latencies;
  }

  /** One query per client (own image, state and prompt) with its greedy reasoning from a local copy of the policy. */
  static List<Probe> probes(ChatVla local) {
    String[] colours = {"red", "blue", "green", "yellow"};
    String[] shapes = {"moon", "cube", "star", "pentagon"};
    ChatVlaPolicy policy = new ChatVlaPolicy(local, Optional.of(TinyCheckpoint.STATS), new InferenceGate(), new SplittableRandom(9),
        REASONING_TOKENS);
    List<Probe> out = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      String prompt = "push the " + colours[i % 4] + " " + shapes[i / 4] + " to the " + colours[(i + 1) % 4] + " " + shapes[(i + 2) % 4];
      float[] state = {0.3f + 0.01f * i, -0.1f + 0.02f * i, 0.4f, 0.05f * (i % 3)};
      RobotQuery q = new RobotQuery(List.of(TinyCheckpoint.image(IMAGE_SIDE, IMAGE_SIDE, 31 * i)), state, prompt);
      out.add(new Probe(q, policy.infer(q).reasoning()));
    }
    return out;
  }
}
