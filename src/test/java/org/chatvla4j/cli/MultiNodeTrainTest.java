package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-node path on loopback: two launcher invocations ({@code --nnodes 2 --node-rank 0|1 --nproc 1}, rendezvous
 * over a TCPStore at --master-addr:--master-port) train a 2-stage recipe on generated episodes and end with the same
 * checkpoint, byte for byte, as {@code --nproc 2} on one node (a FileStore). Also: --device cuda / --backend nccl on the
 * CPU build stop at once, naming the fix.
 */
class MultiNodeTrainTest {
  @TempDir Path tmp;

  private static final String RECIPE = """
      {"name": "two-node", "model": {"init": "preset:tiny"}, "seed": 5, "stages": [
        {"name": "control", "data": {"episodes": ["episodes"], "robot_parts": 1, "vqa_parts": 0, "reasoning": true},
         "frozen": ["static_expert\\\\.experts\\\\.0\\\\."], "expert_init": "copy-expert-0", "steps": 1, "batch_size": 4,
         "lr_schedule": {"type": "constant", "lr": 0.002}},
        {"name": "cotrain", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 3, "vqa_parts": 1,
         "reasoning": true}, "steps": 1, "batch_size": 4, "lr_schedule": {"type": "constant", "lr": 0.001}}]}
      """;

  private List<String> train(Path recipe, Path data, Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("train", "--recipe", recipe.toString(), "--data", data.toString(), "--out",
        out.toString(), "--threads", "1", "--no-progress", "--dist-timeout", "60"));
    a.addAll(List.of(more));
    return a;
  }

  @Test
  void twoNodesOverTcpStoreEndBitwiseEqualToTwoProcessesOnOneNode() throws Exception {
    Path data = tmp.resolve("data");
    CliRun gen = CliRun.of("world", "generate", "--episodes", "3", "--size", "90x160", "--questions-per-scene", "1",
        "--later-scenes", "0", "--threads", "1", "--no-progress", "--out", data.toString());
    assertEquals(0, gen.exitCode(), gen.err());
    Path recipe = tmp.resolve("recipe.json");
    Files.writeString(recipe, RECIPE);

    Path one = tmp.resolve("one-node");
    CliRun local = CliRun.of(train(recipe, data, one, "--nproc", "2").toArray(String[]::new));
    assertEquals(0, local.exitCode(), local.err());

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path node0 = tmp.resolve("node0");
    Path node1 = tmp.resolve("node1");
    String[] common = {"--nnodes", "2", "--nproc", "1", "--master-addr", "127.0.0.1", "--master-port", Integer.toString(port)};
    List<String> a0 = train(recipe, data, node0, common);
    a0.addAll(List.of("--node-rank", "0"));
    List<String> a1 = train(recipe, data, node1, common);
    a1.addAll(List.of("--node-rank", "1"));
    // Node 1 starts first: its rank waits for node 0's TCPStore (within --dist-timeout) as on a real cluster.
    CompletableFuture<CliRun> second = CompletableFuture.supplyAsync(() -> CliRun.of(a1.toArray(String[]::new)));
    CliRun first = CliRun.of(a0.toArray(String[]::new));
    CliRun other = second.get();
    assertEquals(0, first.exitCode(), first.err());
    assertEquals(0, other.exitCode(), other.err());

    Path ck = Path.of("checkpoints", "step-00000002", "model.safetensors");
    assertTrue(Files.isRegularFile(one.resolve(ck)), "--nproc 2 wrote " + one.resolve(ck));
    assertArrayEquals(Files.readAllBytes(one.resolve(ck)), Files.readAllBytes(node0.resolve(ck)),
        "two nodes x 1 process ended with other weights than one node x 2 processes");
    assertTrue(Files.notExists(node1.resolve("checkpoints")), "only rank 0 (node 0) writes checkpoints");
  }

  @Test
  void cudaAndNcclStopAtOnceOnTheCpuBuildNamingTheFix() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    for (String[] opt : new String[][] {{"--device", "cuda"}, {"--backend", "nccl", "--nproc", "2"}}) {
      long t0 = System.nanoTime();
      List<String> args = new ArrayList<>(List.of("train", "--recipe", "tabletop-chatvla", "--data", data.toString(), "--out",
          tmp.resolve("o").toString()));
      args.addAll(List.of(opt));
      CliRun r = CliRun.of(args.toArray(String[]::new));
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(1, r.exitCode(), r.err());
      assertTrue(r.err().contains(opt[0] + " " + opt[1] + " cannot run here: this build has the CPU libtorch"), r.err());
      assertTrue(r.err().contains("mvn -Pgpu -DskipTests package"), r.err());
      assertTrue(seconds < 10, opt[0] + " took " + seconds + " s to fail");
    }
  }
}
