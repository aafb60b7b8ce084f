package org.chatvla4j.train.distributed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where this process sits in a data-parallel job, read from torchrun's environment variables: {@code RANK},
 * {@code WORLD_SIZE}, {@code LOCAL_RANK}, and the rendezvous — {@code CHATVLA_STORE_FILE} (a c10d FileStore on a
 * shared or local file system, what {@code --nproc} uses) or {@code MASTER_ADDR}/{@code MASTER_PORT} (a TCPStore served
 * by rank 0, what multi-node runs use). {@code CHATVLA_DIST_TIMEOUT_S} bounds every collective and the rendezvous.
 *
 * @param rank this process's rank, 0 … worldSize−1
 * @param worldSize processes in the job
 * @param localRank rank on this machine
 * @param storeFile the FileStore path; empty = TCPStore at masterAddr:masterPort
 * @param masterAddr rank 0's host for the TCPStore
 * @param masterPort rank 0's port for the TCPStore
 * @param timeout how long a collective or the rendezvous may wait for a peer before failing
 */
public record DistributedEnv(int rank, int worldSize, int localRank, Optional<Path> storeFile, String masterAddr, int masterPort,
    Duration timeout) {
  public static final String STORE_FILE = "CHATVLA_STORE_FILE";
  public static final String TIMEOUT = "CHATVLA_DIST_TIMEOUT_S";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  public DistributedEnv {
    if (worldSize < 1) {
      throw new IllegalArgumentException("WORLD_SIZE must be >= 1, got " + worldSize);
    }
    if (rank < 0 || rank >= worldSize) {
      throw new IllegalArgumentException("RANK must be in 0.." + (worldSize - 1) + " for WORLD_SIZE " + worldSize + ", got " + rank);
    }
    if (localRank < 0) {
      throw new IllegalArgumentException("LOCAL_RANK must be >= 0, got " + localRank);
    }
    if (storeFile.isEmpty() && (masterAddr == null || masterAddr.isBlank())) {
      throw new IllegalArgumentException("MASTER_ADDR is not set: set MASTER_ADDR and MASTER_PORT (or " + STORE_FILE + ")");
    }
    if (storeFile.isEmpty() && (masterPort < 1 || masterPort > 65535)) {
      throw new IllegalArgumentException("MASTER_PORT must be in 1..65535, got " + masterPort);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(TIMEOUT + " must be > 0, got " + timeout);
    }
  }

  /** True when the environment describes a job of more than one process (WORLD_SIZE > 1). */
  public static boolean present(Map<String, String> env) {
    return env.containsKey("WORLD_SIZE") && !env.get("WORLD_SIZE").strip().equals("1");
  }

  /** Reads the variables; fails with the variable's name when one is missing or malformed. */
  public static DistributedEnv fromEnvironment(Map<String, String> env) {
    int world = integer(env, "WORLD_SIZE", null);
    int rank = integer(env, "RANK", null);
    int local = integer(env, "LOCAL_RANK", Integer.toString(rank));
    Optional<Path> file = Optional.ofNullable(env.get(STORE_FILE)).filter(s -> !s.isBlank()).map(Path::of);
    String addr = env.getOrDefault("MASTER_ADDR", "");
    int port = file.isPresent() ? 0 : integer(env, "MASTER_PORT", "29500");
    Duration timeout = Duration.ofSeconds(integer(env, TIMEOUT, Long.toString(DEFAULT_TIMEOUT.toSeconds())));
    return new DistributedEnv(rank, world, local, file, addr, port, timeout);
  }

  /** The variables a worker process of this job needs (the launcher sets them). */
  public Map<String, String> toEnvironment() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("RANK", Integer.toString(rank));
    m.put("WORLD_SIZE", Integer.toString(worldSize));
    m.put("LOCAL_RANK", Integer.toString(localRank));
    storeFile.ifPresent(f -> m.put(STORE_FILE, f.toAbsolutePath().toString()));
    if (storeFile.isEmpty()) {
      m.put("MASTER_ADDR", masterAddr);
      m.put("MASTER_PORT", Integer.toString(masterPort));
    }
    m.put(TIMEOUT, Long.toString(Math.max(1, timeout.toSeconds())));
    return m;
  }

  private static int integer(Map<String, String> env, String name, String fallback) {
    String v = env.getOrDefault(name, fallback);
    if (v == null) {
      throw new IllegalArgumentException(name + " is not set; launch with ./chatvla train --nproc N or set RANK, WORLD_SIZE, "
          + "MASTER_ADDR and MASTER_PORT as torchrun does");
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'");
    }
  }
}
