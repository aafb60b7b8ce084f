package org.chatvla4j.train.distributed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.BarrierOptions;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.FileStore;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.gloo.Device;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.tensor.Engine;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;

/**
 * One c10d process group (libtorch's, through bytedeco; Gloo, or NCCL in the GPU build): the rendezvous store (FileStore or TCPStore), the group,
 * and the three collectives data parallelism needs — a bucketed mean allreduce, a broadcast from rank 0 and a barrier.
 * Every collective is bounded by the group's timeout; a failure (a peer died, or stopped answering) surfaces as a
 * {@link PeerFailureException} naming this rank and the timeout, never a hang.
 */
public final class ProcessGroup implements AutoCloseable {
  /** Gradient bucket size: like PyTorch DDP's default {@code bucket_cap_mb=25}. */
  public static final long DEFAULT_BUCKET_BYTES = 25L << 20;

  private final Store store;
  private final Backend group;
  private final int rank;
  private final int worldSize;
  private final Duration timeout;
  private final long bucketBytes;
  private long allreduceNanos;
  private long allreduceBytes;

  private ProcessGroup(Store store, Backend group, DistributedEnv env, long bucketBytes) {
    this.store = store;
    this.group = group;
    this.rank = env.rank();
    this.worldSize = env.worldSize();
    this.timeout = env.timeout();
    this.bucketBytes = bucketBytes;
  }

  /** Joins the job the environment describes (blocks until every rank has joined, or fails after the timeout). */
  public static ProcessGroup join(DistributedEnv env) {
    return join(env, DEFAULT_BUCKET_BYTES);
  }

  public static ProcessGroup join(DistributedEnv env, long bucketBytes) {
    return join(env, bucketBytes, CommBackend.GLOO);
  }

  /** Joins with the given c10d backend; NCCL only where {@link NcclSupport#unavailableReason} is empty. */
  public static ProcessGroup join(DistributedEnv env, long bucketBytes, CommBackend backend) {
    if (backend == CommBackend.NCCL) {
      NcclSupport.unavailableReason().ifPresent(why -> {
        throw new IllegalStateException("--backend nccl: " + why);
      });
    }
    if (bucketBytes < 1024) {
      throw new IllegalArgumentException("bucketBytes must be >= 1024, got " + bucketBytes);
    }
    Engine.start();
    Milliseconds ms = Scope.keepForever(new Milliseconds(env.timeout().toMillis()));
    Store store;
    Device device;
    if (env.storeFile().isPresent()) {
      store = new FileStore(env.storeFile().get().toAbsolutePath().toString(), env.worldSize());
      device = ProcessGroupGloo.createDeviceForHostname("127.0.0.1");
    } else {
      TCPStoreOptions o = new TCPStoreOptions();
      o.port((short) env.masterPort());
      o.isServer(env.rank() == 0);
      o.waitWorkers(false);
      o.timeout(ms);
      store = connect(env, o);
      // GLOO_SOCKET_IFNAME picks the interface as in PyTorch; a loopback master means every rank is on this host;
      // otherwise the address this host's name resolves to.
      String ifname = System.getenv("GLOO_SOCKET_IFNAME");
      device = ifname != null && !ifname.isBlank() ? ProcessGroupGloo.createDeviceForInterface(ifname)
          : isLoopback(env.masterAddr()) ? ProcessGroupGloo.createDeviceForHostname("127.0.0.1") : ProcessGroupGloo.createDefaultDevice();
    }
    Scope.keepForever(store);
    store.setTimeout(ms);
    Backend group;
    if (backend == CommBackend.NCCL) {
      group = Scope.keepForever(failing(env.rank(), env.timeout(), "rendezvous",
          () -> NcclSupport.create(store, env.rank(), env.worldSize(), env.timeout())));
    } else {
      ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(ms);
      options.devices(new GlooDeviceVector(device));
      group = Scope.keepForever(failing(env.rank(), env.timeout(), "rendezvous",
          () -> new ProcessGroupGloo(store, env.rank(), env.worldSize(), options)));
    }
    return new ProcessGroup(store, group, env, bucketBytes);
  }

  /** Rank 0 serves the TCPStore, the others connect to it; either fails within the timeout, naming the address. */
  private static Store connect(DistributedEnv env, TCPStoreOptions o) {
    String where = env.masterAddr() + ":" + env.masterPort();
    try {
      return new TCPStore(env.masterAddr(), o);
    } catch (RuntimeException e) {
      String fix = env.rank() == 0
          ? "rank 0 could not serve it: is the port in use, or MASTER_ADDR not an address of this machine? Pick another "
              + "--master-port (MASTER_PORT) or fix --master-addr (MASTER_ADDR)"
          : "is node 0 (--node-rank 0) running, and are --master-addr/--master-port (MASTER_ADDR/MASTER_PORT) its address and a "
              + "port it can be reached on? Start node 0 first or within the timeout (--dist-timeout, " + TIMEOUT_VAR + ")";
      throw new PeerFailureException("rank " + env.rank() + ": could not reach the rendezvous TCPStore at MASTER_ADDR:MASTER_PORT = "
          + where + " within " + env.timeout().toSeconds() + " s; " + fix + " (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  private static final String TIMEOUT_VAR = DistributedEnv.TIMEOUT;

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  public int rank() {
    return rank;
  }

  public int worldSize() {
    return worldSize;
  }

  public Duration timeout() {
    return timeout;
  }

  /**
   * Replaces each tensor by its mean over the ranks, in place. Tensors are flattened into buckets of at most the bucket
   * size (one dtype per bucket), all buckets' allreduces are issued before the first is awaited, and the results are
   * copied back. Bitwise the same on every rank (Gloo's ring gives every rank the same sums).
   */
  public void allreduceMean(List<Tensor> tensors) {
    long t0 = System.nanoTime();
    try (Scope s = Scope.open(); NoGradGuard g = new NoGradGuard()) {
      List<List<Tensor>> buckets = buckets(tensors);
      List<Tensor> flats = new ArrayList<>();
      List<Work> works = new ArrayList<>();
      AllreduceOptions opts = new AllreduceOptions();
      opts.reduceOp(new ReduceOp(ReduceOp.RedOpType.SUM));
      for (List<Tensor> b : buckets) {
        Tensor flat = flatten(b);
        flats.add(flat);
        allreduceBytes += flat.numel() * flat.element_size();
        works.add(failing(rank, timeout, "allreduce", () -> group.allreduce(new TensorVector(flat), opts)));
      }
      for (int i = 0; i < buckets.size(); i++) {
        Work w = works.get(i);
        failing(rank, timeout, "allreduce", w::_wait);
        Tensor mean = flats.get(i).div_(Tensors.scalar(worldSize));
        unflatten(mean, buckets.get(i));
      }
    }
    allreduceNanos += System.nanoTime() - t0;
  }

  /**
   * Starts a sum allreduce of one flat tensor, in place, without waiting: Gloo runs it on its own threads while the
   * caller goes on (the overlapped gradient path launches buckets from inside backward). Every rank must start its
   * allreduces in the same order. The tensor must not be touched until {@link Pending#await} returns.
   */
  public Pending startAllreduceSum(Tensor flat) {
    AllreduceOptions opts = new AllreduceOptions();
    opts.reduceOp(new ReduceOp(ReduceOp.RedOpType.SUM));
    allreduceBytes += flat.numel() * flat.element_size();
    return new Pending(failing(rank, timeout, "allreduce", () -> group.allreduce(new TensorVector(flat), opts)));
  }

  /** A started collective; {@link #await} waits for it, bounded by the group's timeout. */
  public final class Pending {
    private final Work work;

    private Pending(Work work) {
      this.work = work;
    }

    public void await() {
      failing(rank, timeout, "allreduce", work::_wait);
    }
  }

  /** Makes every rank's tensors rank 0's, in place (bucketed like {@link #allreduceMean}). */
  public void broadcastFromRankZero(List<Tensor> tensors) {
    try (Scope s = Scope.open(); NoGradGuard g = new NoGradGuard()) {
      BroadcastOptions opts = new BroadcastOptions();
      opts.rootRank(0);
      for (List<Tensor> b : buckets(tensors)) {
        Tensor flat = flatten(b);
        Work w = failing(rank, timeout, "broadcast", () -> group.broadcast(new TensorVector(flat), opts));
        failing(rank, timeout, "broadcast", w::_wait);
        unflatten(flat, b);
      }
    }
  }

  /** Returns once every rank has called it. */
  public void barrier() {
    try (Scope s = Scope.open()) {
      BarrierOptions opts = new BarrierOptions();
      Work w = failing(rank, timeout, "barrier", () -> group.barrier(opts));
      failing(rank, timeout, "barrier", w::_wait);
    }
  }

  /** Wall time spent in {@link #allreduceMean} so far (flatten, communicate, copy back). */
  public Duration allreduceTime() {
    return Duration.ofNanos(allreduceNanos);
  }

  /** Bytes this rank has contributed to allreduces so far. */
  public long allreduceBytes() {
    return allreduceBytes;
  }

  private List<List<Tensor>> buckets(List<Tensor> tensors) {
    List<List<Tensor>> out = new ArrayList<>();
    List<Tensor> cur = new ArrayList<>();
    long bytes = 0;
    for (Tensor t : tensors) {
      long nb = t.numel() * t.element_size();
      boolean otherType = !cur.isEmpty() && cur.getFirst().scalar_type() != t.scalar_type();
      if (!cur.isEmpty() && (otherType || bytes + nb > bucketBytes)) {
        out.add(cur);
        cur = new ArrayList<>();
        bytes = 0;
      }
      cur.add(t);
      bytes += nb;
    }
    if (!cur.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  private static Tensor flatten(List<Tensor> bucket) {
    if (bucket.size() == 1) {
      return bucket.getFirst().reshape(-1).clone();
    }
    return torch.cat(new TensorVector(bucket.stream().map(t -> t.reshape(-1)).toArray(Tensor[]::new)), 0);
  }

  private static void unflatten(Tensor flat, List<Tensor> bucket) {
    long off = 0;
    for (Tensor t : bucket) {
      long n = t.numel();
      t.copy_(flat.narrow(0, off, n).view(t.sizes()));
      off += n;
    }
  }

  private static <T> T failing(int rank, Duration timeout, String what, Supplier<T> op) {
    try {
      return op.get();
    } catch (RuntimeException e) {
      throw new PeerFailureException("rank " + rank + ": " + what + " failed — another rank died or did not answer within "
          + timeout.toSeconds() + " s (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "no message";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public void close() {
    // The group and store are kept for the process's life: Gloo's pairs must not be torn down while a peer still talks.
  }
}
