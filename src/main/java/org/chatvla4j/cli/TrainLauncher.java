package org.chatvla4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chatvla4j.train.distributed.DistributedEnv;
import org.chatvla4j.train.distributed.LocalLauncher;

/**
 * {@code chatvla train --nproc N [--nnodes M --node-rank I --master-addr H --master-port P]}: starts this machine's N
 * worker JVMs of the job (torchrun's flags and meanings) with the same command line; the workers see {@code RANK},
 * {@code WORLD_SIZE}, ... and train as ranks of one data-parallel job.
 */
final class TrainLauncher {
  private TrainLauncher() {}

  static int launch(TrainCommand c, List<String> originalArgs, PrintWriter outw) throws IOException {
    if (c.nproc < 1) {
      throw new IllegalArgumentException("--nproc must be >= 1, got " + c.nproc);
    }
    if (c.nnodes < 1) {
      throw new IllegalArgumentException("--nnodes must be >= 1, got " + c.nnodes);
    }
    if (c.nodeRank < 0 || c.nodeRank >= c.nnodes) {
      throw new IllegalArgumentException("--node-rank must be in 0.." + (c.nnodes - 1) + " for --nnodes " + c.nnodes + ", got " + c.nodeRank);
    }
    if (c.nnodes > 1 && c.masterAddr == null) {
      throw new IllegalArgumentException("--nnodes " + c.nnodes + " needs --master-addr (node 0's address) and --master-port");
    }
    int world = c.nnodes * c.nproc;
    Files.createDirectories(c.out);
    // A fresh store file per launch: a FileStore reuses what an earlier run left in its file.
    Optional<Path> store = c.masterAddr == null ? Optional.of(c.out.resolve(".c10d-store-" + ProcessHandle.current().pid())) : Optional.empty();
    DistributedEnv job = new DistributedEnv(0, world, 0, store, c.masterAddr == null ? "" : c.masterAddr, c.masterPort,
        Duration.ofSeconds(c.distTimeout));
    List<String> args = new ArrayList<>(originalArgs);
    if (args.isEmpty() || !args.getFirst().equals("train")) {
      args.addFirst("train");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    // --threads wins (so runs with different --nproc can use the same math); else the cores shared out.
    String threads = Integer.toString(c.threads != null ? c.threads : Math.max(1, cores / c.nproc));
    outw.println("launching " + c.nproc + " worker(s) of " + world + " (node " + c.nodeRank + " of " + c.nnodes + "), "
        + threads + " thread(s) each; rank " + c.nodeRank * c.nproc + "'s output follows, the others' go to " + c.out.resolve("logs"));
    outw.flush();
    LocalLauncher workers = LocalLauncher.start(Main.class.getName(), args, job, c.nodeRank, c.nproc,
        Map.of("CHATVLA_THREADS", threads, "OMP_NUM_THREADS", threads), c.out.resolve("logs"));
    try {
      workers.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.processes().forEach(Process::destroy);
      throw new IllegalStateException("interrupted while waiting for the workers; they were asked to stop");
    } finally {
      if (store.isPresent()) {
        Files.deleteIfExists(store.get());
      }
    }
    return 0;
  }
}
