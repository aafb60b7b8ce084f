package org.chatvla4j.train.distributed;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the worker JVMs of one node, torchrun-style: the same java, class path and JVM flags as this process, one rank
 * each with {@code RANK}, {@code WORLD_SIZE}, {@code LOCAL_RANK} and the rendezvous in its environment. Local rank 0's
 * output goes to this process's; the others' to {@code logDir/rank-N.log}. {@link #await} fails, naming the rank and
 * its log, when any worker exits non-zero, and stops the rest once they have had the collective timeout to notice.
 */
public final class LocalLauncher {
  private final List<Process> workers;
  private final List<Integer> ranks;
  private final Path logDir;
  private final Duration timeout;

  private LocalLauncher(List<Process> workers, List<Integer> ranks, Path logDir, Duration timeout) {
    this.workers = workers;
    this.ranks = ranks;
    this.logDir = logDir;
    this.timeout = timeout;
  }

  /**
   * Launches {@code nprocPerNode} workers running {@code mainClass args}.
   *
   * @param job rendezvous and timeout of the job (rank/localRank are replaced per worker; worldSize = nnodes · nproc)
   * @param nodeRank this node's index, 0 … nnodes−1
   * @param nprocPerNode workers on this node
   * @param extraEnv more environment for every worker (e.g. thread counts)
   */
  public static LocalLauncher start(String mainClass, List<String> args, DistributedEnv job, int nodeRank, int nprocPerNode,
      Map<String, String> extraEnv, Path logDir) throws IOException {
    if (nprocPerNode < 1) {
      throw new IllegalArgumentException("--nproc must be >= 1, got " + nprocPerNode);
    }
    if (job.worldSize() % nprocPerNode != 0) {
      throw new IllegalArgumentException("WORLD_SIZE " + job.worldSize() + " is not a multiple of --nproc " + nprocPerNode);
    }
    Files.createDirectories(logDir);
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    List<Process> procs = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    for (int local = 0; local < nprocPerNode; local++) {
      int rank = nodeRank * nprocPerNode + local;
      DistributedEnv env = new DistributedEnv(rank, job.worldSize(), local, job.storeFile(), job.masterAddr(), job.masterPort(),
          job.timeout());
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().putAll(extraEnv);
      pb.environment().putAll(env.toEnvironment());
      if (local == 0) {
        pb.inheritIO(); // as torchrun: every node shows its first worker (on node 0, rank 0: progress and metrics)
      } else {
        Path log = logDir.resolve("rank-" + rank + ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
      }
      procs.add(pb.start());
      ranks.add(rank);
    }
    return new LocalLauncher(procs, ranks, logDir, job.timeout());
  }

  public List<Process> processes() {
    return List.copyOf(workers);
  }

  /**
   * Waits for every worker. Returns normally when all exit 0; otherwise throws naming the first rank that failed, after
   * the survivors had the timeout (plus 30 s) to stop by themselves, and destroys those that did not.
   */
  public void await() throws InterruptedException {
    Integer failed = null;
    int code = 0;
    while (true) {
      boolean allDone = true;
      for (int i = 0; i < workers.size(); i++) {
        Process p = workers.get(i);
        if (p.isAlive()) {
          allDone = false;
        } else if (p.exitValue() != 0 && failed == null) {
          failed = ranks.get(i);
          code = p.exitValue();
        }
      }
      if (allDone || failed != null) {
        break;
      }
      Thread.sleep(200);
    }
    if (failed == null) {
      return;
    }
    long deadline = System.nanoTime() + timeout.plusSeconds(30).toNanos();
    for (Process p : workers) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !p.waitFor(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
        p.destroyForcibly();
      }
    }
    String where = ranks.indexOf(failed) == 0 ? "its output is above" : "see " + logDir.resolve("rank-" + failed + ".log");
    throw new WorkerFailedException("rank " + failed + " exited with code " + code + " (" + where + "); the job stopped. The last "
        + "checkpoint rank 0 completed is intact; continue with --resume");
  }

  /** A worker process of the job failed. */
  public static final class WorkerFailedException extends RuntimeException {
    public WorkerFailedException(String message) {
      super(message);
    }
  }
}
