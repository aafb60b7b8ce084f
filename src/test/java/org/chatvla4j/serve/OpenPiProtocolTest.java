package org.chatvla4j.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.policy.ActionChunk;
import org.chatvla4j.policy.ChatVlaPolicy;
import org.chatvla4j.policy.InferenceGate;
import org.chatvla4j.policy.RemotePolicy;
import org.chatvla4j.policy.RobotQuery;
import org.chatvla4j.serve.client.NdArray;
import org.chatvla4j.serve.client.PolicyClient;
import org.chatvla4j.serve.client.PolicyServerException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The openpi websocket protocol end to end: our client, a hand-built frame, bad input, two interleaved clients. */
class OpenPiProtocolTest {
  static final int REASONING_TOKENS = 8;
  static PolicyServer server;
  static ChatVla local;

  @BeforeAll
  static void start() {
    local = TinyCheckpoint.load();
    ServeConfig cfg = ServeConfig.loopback(0).withMaxReasoningTokens(REASONING_TOKENS).withMaxMessageBytes(2L << 20).withSeed(5);
    server = new PolicyServer(TinyCheckpoint.load(), Optional.of(TinyCheckpoint.STATS), "tiny-chatvla", cfg).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static PolicyClient client() {
    return PolicyClient.connect(URI.create("ws://127.0.0.1:" + server.port()), Duration.ofSeconds(60));
  }

  static RobotQuery query(int salt, String prompt) {
    return new RobotQuery(List.of(TinyCheckpoint.image(180, 320, salt)), new float[] {0.45f, -0.1f, 0.46f, -0.1f}, prompt);
  }

  static void assertInActionRange(float[][] actions) {
    for (float[] a : actions) {
      for (int j = 0; j < 2; j++) {
        assertTrue(a[j] >= TinyCheckpoint.STATS.actionMin()[j] - 1e-6 && a[j] <= TinyCheckpoint.STATS.actionMax()[j] + 1e-6,
            "action " + a[j] + " outside the dataset range of dimension " + j);
      }
    }
  }

  @Test
  void firstReplyEqualsTheLocalPolicyBitForBitAndCarriesTiming() throws Exception {
    // A fresh server with its own seed, so its first chunk is reproducible locally: same weights, same noise stream.
    ServeConfig cfg = ServeConfig.loopback(0).withMaxReasoningTokens(REASONING_TOKENS).withSeed(42);
    try (PolicyServer fresh = new PolicyServer(TinyCheckpoint.load(), Optional.of(TinyCheckpoint.STATS), "tiny-chatvla", cfg).start();
        PolicyClient c = PolicyClient.connect(URI.create("ws://127.0.0.1:" + fresh.port()), Duration.ofSeconds(60))) {
      Map<String, Object> meta = c.metadata();
      assertEquals(8L, meta.get("action_horizon"));
      assertEquals(2L, meta.get("action_dim"));
      assertEquals(4L, meta.get("state_dim"));
      assertEquals(List.of("observation/image"), meta.get("image_keys"));
      assertTrue(((Map<?, ?>) meta.get("observation_keys")).containsKey("observation/state"));

      RobotQuery q = query(1, "push the red moon to the blue cube");
      Map<String, Object> reply = c.infer(RemotePolicy.observation(q));
      NdArray actions = (NdArray) reply.get("actions");
      assertEquals("<f4", actions.dtype());
      assertArrayEquals(new int[] {8, 2}, actions.shape());
      Map<?, ?> timing = (Map<?, ?>) reply.get("server_timing");
      double inferMs = (Double) timing.get("infer_ms");
      assertTrue(inferMs > 0 && inferMs < 60_000, "infer_ms " + inferMs);
      assertInstanceOf(String.class, reply.get("reasoning"));

      ChatVlaPolicy mine = new ChatVlaPolicy(local, Optional.of(TinyCheckpoint.STATS), new InferenceGate(),
          new SplittableRandom(42).split(), REASONING_TOKENS);
      ActionChunk expected = mine.infer(q);
      assertArrayEquals(flat(expected.actions()), actions.toFloats());
      assertEquals(expected.reasoning(), reply.get("reasoning"));
      assertInActionRange(actions.toFloatMatrix());

      Map<String, Object> second = c.infer(RemotePolicy.observation(q));
      assertTrue((Double) ((Map<?, ?>) second.get("server_timing")).get("prev_total_ms") >= inferMs);
    }
  }

  static float[] flat(float[][] m) {
    float[] out = new float[m.length * m[0].length];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
    }
    return out;
  }

  @Test
  void aFrameBuiltByteByByteIsUnderstoodAndTheReplyDecodesIndependently() throws Exception {
    int h = 56;
    int w = 84;
    RgbImage img = TinyCheckpoint.image(h, w, 9);
    byte[] state = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.4f).putFloat(0f).putFloat(0.4f).putFloat(0f).array();
    MiniMsgpack m = new MiniMsgpack().map(3);
    m.str("observation/image").map(4).binKey("__ndarray__").bool(true).binKey("data").bin(img.rgb())
        .binKey("dtype").str("|u1").binKey("shape").intArray(h, w, 3);
    m.str("observation/state").map(4).binKey("__ndarray__").bool(true).binKey("data").bin(state)
        .binKey("dtype").str("<f4").binKey("shape").intArray(4);
    m.str("prompt").str("push the red moon to the blue cube");
    try (RawSocket ws = new RawSocket(server.port())) {
      Map<?, ?> meta = (Map<?, ?>) MiniMsgpack.read(((RawSocket.Binary) ws.next()).data());
      assertEquals(8L, meta.get("action_horizon"));
      ws.send(m.bytes());
      RawSocket.Event e = ws.next();
      assertInstanceOf(RawSocket.Binary.class, e, () -> "expected a binary reply, got " + e);
      Map<?, ?> reply = (Map<?, ?>) MiniMsgpack.read(((RawSocket.Binary) e).data());
      Map<?, ?> actions = (Map<?, ?>) reply.get("actions");
      assertEquals(true, actions.get("b:__ndarray__"));
      assertEquals("<f4", actions.get("b:dtype"));
      assertEquals(List.of(8L, 2L), actions.get("b:shape"));
      byte[] data = (byte[]) actions.get("b:data");
      assertEquals(8 * 2 * 4, data.length);
      ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
      float[][] a = new float[8][2];
      for (int i = 0; i < 16; i++) {
        a[i / 2][i % 2] = bb.getFloat();
      }
      assertInActionRange(a);
      assertInstanceOf(String.class, reply.get("reasoning"));
      assertTrue((Double) ((Map<?, ?>) reply.get("server_timing")).get("infer_ms") > 0);
    }
  }

  @Test
  void badInputGetsATextFrameAndClose1011WhileOthersKeepBeingServed() throws Exception {
    assertError(new byte[] {(byte) 0xc1, 1, 2}, "malformed msgpack");
    Map<String, Object> noState = RemotePolicy.observation(query(2, "go"));
    noState.remove("observation/state");
    assertError(org.chatvla4j.serve.client.MsgpackNumpy.pack(noState), "missing 'observation/state'");
    Map<String, Object> floatImage = RemotePolicy.observation(query(2, "go"));
    floatImage.put("observation/image", new NdArray("<f4", new int[] {28, 28, 3}, new byte[28 * 28 * 3 * 4]));
    assertError(org.chatvla4j.serve.client.MsgpackNumpy.pack(floatImage), "must be uint8");
    Map<String, Object> shortState = RemotePolicy.observation(query(2, "go"));
    shortState.put("observation/state", NdArray.float32(new float[] {1, 2}));
    assertError(org.chatvla4j.serve.client.MsgpackNumpy.pack(shortState), "has 2 values but the model expects state_dim = 4");
    Map<String, Object> tiny = RemotePolicy.observation(query(2, "go"));
    tiny.put("observation/image", NdArray.uint8Image(8, 8, new byte[8 * 8 * 3]));
    assertError(org.chatvla4j.serve.client.MsgpackNumpy.pack(tiny), "each side must be 28..4096 px");
    try (RawSocket ws = new RawSocket(server.port())) {
      ws.next();
      ws.sendRefusedMidFrame(new byte[3 << 20]); // over the 2 MiB limit
      RawSocket.Event e = ws.next();
      assertInstanceOf(RawSocket.Close.class, e);
      assertEquals(1009, ((RawSocket.Close) e).code(), "message too big");
    }
    try (PolicyClient c = client()) {
      assertArrayEquals(new int[] {8, 2}, ((NdArray) c.infer(RemotePolicy.observation(query(3, "go"))).get("actions")).shape());
    }
  }

  static void assertError(byte[] frame, String expected) throws Exception {
    try (RawSocket ws = new RawSocket(server.port())) {
      ws.next();
      ws.send(frame);
      RawSocket.Event text = ws.next();
      assertInstanceOf(RawSocket.Text.class, text, () -> "expected a text error frame, got " + text);
      assertTrue(((RawSocket.Text) text).text().contains(expected), ((RawSocket.Text) text).text());
      RawSocket.Event close = ws.next();
      assertEquals(1011, ((RawSocket.Close) close).code());
    }
    try (PolicyClient c = client()) {
      String msg = org.junit.jupiter.api.Assertions.assertThrows(PolicyServerException.class, () -> c.exchange(frame)).getMessage();
      assertTrue(msg.contains(expected) && msg.contains("1011"), msg);
    }
  }

  @Test
  void twoInterleavedClientsGetTheirOwnResults() throws Exception {
    RobotQuery qa = query(4, "push the red moon to the blue cube");
    RobotQuery qb = query(77, "separate the yellow pentagon from the green star");
    ChatVlaPolicy mine = new ChatVlaPolicy(local, Optional.of(TinyCheckpoint.STATS), new InferenceGate(), new SplittableRandom(1),
        REASONING_TOKENS);
    String expectA = mine.infer(qa).reasoning();
    String expectB = mine.infer(qb).reasoning();
    assertNotEquals(expectA, expectB, "the two queries must be told apart by their (greedy) reasoning");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (PolicyClient a = client(); PolicyClient b = client()) {
      List<Future<String>> fa = new ArrayList<>();
      List<Future<String>> fb = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        fa.add(pool.submit(() -> (String) a.infer(RemotePolicy.observation(qa)).get("reasoning")));
        fb.add(pool.submit(() -> (String) b.infer(RemotePolicy.observation(qb)).get("reasoning")));
        fa.getLast().get();
        fb.getLast().get();
      }
      for (int i = 0; i < 4; i++) {
        assertEquals(expectA, fa.get(i).get(), "client A reply " + i);
        assertEquals(expectB, fb.get(i).get(), "client B reply " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void controlFramesAreAcknowledged() {
    try (PolicyClient c = client()) {
      Map<String, Object> ctrl = new LinkedHashMap<>();
      ctrl.put("__ctrl__", "episode_start");
      assertEquals("episode_start", c.infer(ctrl).get("__ack__"));
      assertNotNull(c.metadata().get("model"));
    }
  }
}
