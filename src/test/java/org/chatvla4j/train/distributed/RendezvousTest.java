package org.chatvla4j.train.distributed;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The TCPStore rendezvous of a multi-node job fails within its timeout, naming the address, when node 0 is not there. */
class RendezvousTest {
  @Test
  void aRankWhoseMasterIsUnreachableFailsWithinTheTimeoutNamingMasterAddrAndPort() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free now, and nobody listens once closed
    }
    DistributedEnv env = new DistributedEnv(1, 2, 0, Optional.empty(), "127.0.0.1", port, Duration.ofSeconds(1));
    org.chatvla4j.tensor.Engine.start(); // loading libtorch is not part of the rendezvous
    long t0 = System.nanoTime();
    PeerFailureException e = assertThrows(PeerFailureException.class, () -> ProcessGroup.join(env));
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("unreachable master: failed after %.2f s: %s%n", seconds, e.getMessage());
    assertTrue(e.getMessage().contains("MASTER_ADDR:MASTER_PORT = 127.0.0.1:" + port), e.getMessage());
    assertTrue(e.getMessage().contains("within 1 s"), e.getMessage());
    assertTrue(e.getMessage().contains("--node-rank 0"), e.getMessage());
    // libtorch tries twice (timeout, a back-off of up to the timeout, timeout again): at most ~3 timeouts.
    assertTrue(seconds < 8, "took " + seconds + " s with a 1 s timeout");
  }

  @Test
  void ncclIsUnavailableInTheCpuBuildAndSaysHowToGetIt() {
    String why = NcclSupport.unavailableReason().orElseThrow();
    assertTrue(why.contains("mvn -Pgpu"), why);
    DistributedEnv env = new DistributedEnv(0, 1, 0, Optional.empty(), "127.0.0.1", 1, Duration.ofSeconds(2));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ProcessGroup.join(env, 1 << 20, CommBackend.NCCL));
    assertTrue(e.getMessage().startsWith("--backend nccl: this build has the CPU libtorch"), e.getMessage());
  }
}
