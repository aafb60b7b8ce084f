package org.chatvla4j.benchmarks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chatvla4j.config.Presets;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.policy.RemotePolicy;
import org.chatvla4j.policy.RobotQuery;
import org.chatvla4j.serve.PolicyServer;
import org.chatvla4j.serve.ServeConfig;
import org.chatvla4j.serve.client.PolicyClient;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.text.Tokenizer;

/**
 * Loopback openpi request latency (p50/p99) and throughput of the tiny random model: one client, then N clients at
 * once, each sending R requests with a 180x320 frame. Args: [clients=16] [requests=50] [reasoningTokens=8].
 */
public final class ServeBenchmark {
  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int reasoning = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Path dir = Files.createTempDirectory("serve-bench").resolve("tiny");
    ChatVla.create(Presets.tiny(), Tokenizer.tiny(), DType.F32, 1).save(dir);
    try (PolicyServer server = new PolicyServer(ChatVla.load(dir, DType.F32), Optional.empty(), "tiny",
        ServeConfig.loopback(0).withMaxReasoningTokens(reasoning)).start()) {
      URI uri = URI.create("ws://127.0.0.1:" + server.port());
      RgbImage frame = RgbImage.generate(180, 320, (y, x, c) -> (y * 7 + x * 3 + c * 50) % 256);
      try (PolicyClient warm = PolicyClient.connect(uri, Duration.ofMinutes(5))) {
        for (int i = 0; i < 5; i++) {
          warm.infer(RemotePolicy.observation(new RobotQuery(List.of(frame), new float[4], "warm up")));
        }
      }
      report("1 client", run(uri, frame, 1, requests));
      report(clients + " clients", run(uri, frame, clients, requests));
    }
  }

  record Result(List<Double> latencies, double seconds) {}

  static Result run(URI uri, RgbImage frame, int clients, int requests) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Double> all = Collections.synchronizedList(new ArrayList<>());
    long t0 = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int id = c;
      done.add(pool.submit(() -> {
        try (PolicyClient client = PolicyClient.connect(uri, Duration.ofMinutes(5))) {
          Map<String, Object> obs = RemotePolicy.observation(new RobotQuery(List.of(frame), new float[4], "client " + id));
          for (int r = 0; r < requests; r++) {
            long s = System.nanoTime();
            client.infer(obs);
            all.add((System.nanoTime() - s) / 1e6);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    return new Result(all, (System.nanoTime() - t0) / 1e9);
  }

  static void report(String what, Result r) {
    List<Double> l = new ArrayList<>(r.latencies());
    Collections.sort(l);
    System.out.printf(Locale.ROOT, "%-12s %4d requests  p50 %7.1f ms  p99 %7.1f ms  %6.2f req/s%n", what, l.size(),
        l.get(l.size() / 2), l.get(Math.min(l.size() - 1, (int) Math.ceil(l.size() * 0.99) - 1)), l.size() / r.seconds());
  }
}
