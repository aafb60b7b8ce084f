package org.chatvla4j.train.distributed;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.train.BatchShard;
import org.chatvla4j.train.BatchSource;
import org.chatvla4j.train.DataParallel;

/**
 * Data parallelism over a {@link ProcessGroup}: rank 0's weights broadcast at start, rows {@code r, r+W, …} of each
 * global batch per rank, and the gradients' mean allreduce in buckets — started from inside backward
 * ({@link GradientSync#OVERLAPPED}, see {@link OverlappedGradients}) or after it ({@link GradientSync#AFTER_BACKWARD}:
 * one small allreduce of the loss parts and which parameters have a gradient anywhere, then the buckets). Both give the
 * same update.
 */
public final class GlooDataParallel implements DataParallel {
  /** Gradient bucket cap of the overlapped path (the first bucket is at most 1 MB, as in DDP). */
  public static final long DEFAULT_BUCKET_BYTES = 4L << 20;

  private final ProcessGroup group;
  private final GradientSync sync;
  private final long bucketBytes;
  private OverlappedGradients overlapped;
  /** Parameters seen without a gradient on some rank; same on every rank (learnt from reduced flags). */
  private final java.util.Set<Tensor> irregular = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private long exposedNanos;
  private long steps;
  private long startedEarly;
  private long bucketsTotal;

  public GlooDataParallel(ProcessGroup group) {
    this(group, GradientSync.OVERLAPPED, DEFAULT_BUCKET_BYTES);
  }

  public GlooDataParallel(ProcessGroup group, GradientSync sync, long bucketBytes) {
    if (bucketBytes < 1024) {
      throw new IllegalArgumentException("gradient bucket size must be >= 1024 bytes, got " + bucketBytes);
    }
    this.group = group;
    this.sync = sync;
    this.bucketBytes = bucketBytes;
  }

  @Override
  public int rank() {
    return group.rank();
  }

  @Override
  public int worldSize() {
    return group.worldSize();
  }

  public ProcessGroup group() {
    return group;
  }

  @Override
  public void synchronizeParameters(List<Tensor> parameters) {
    group.broadcastFromRankZero(parameters);
  }

  @Override
  public BatchShard nextShard(BatchSource source) {
    return ShardedBatches.next(source, group.rank(), group.worldSize());
  }

  @Override
  public void beforeBackward(List<Tensor> parameters) {
    if (sync != GradientSync.OVERLAPPED) {
      return;
    }
    if (overlapped == null || !overlapped.covers(parameters)) {
      if (overlapped != null) {
        overlapped.close();
      }
      overlapped = new OverlappedGradients(group, parameters, bucketBytes, irregular);
    }
    overlapped.arm();
  }

  @Override
  public double[] reduceGradients(List<Tensor> parameters, double[] values) {
    long t0 = System.nanoTime();
    double[] out;
    if (overlapped != null && overlapped.armed() && overlapped.covers(parameters)) {
      out = overlapped.finish(values);
      startedEarly += overlapped.startedDuringBackward();
      bucketsTotal += overlapped.reducedBuckets();
    } else {
      out = reduceAfterBackward(parameters, values);
    }
    exposedNanos += System.nanoTime() - t0;
    steps++;
    return out;
  }

  /**
   * Wall time spent reducing gradients after backward had finished — the communication backward did not hide — summed
   * over the steps so far.
   */
  public java.time.Duration exposedReduceTime() {
    return java.time.Duration.ofNanos(exposedNanos);
  }

  /** Steps reduced so far. */
  public long steps() {
    return steps;
  }

  /** Of all buckets reduced by the overlapped path so far, the fraction started from inside backward (0 when none). */
  public double startedDuringBackwardFraction() {
    return bucketsTotal == 0 ? 0 : (double) startedEarly / bucketsTotal;
  }

  private double[] reduceAfterBackward(List<Tensor> parameters, double[] values) {
    try (Scope s = Scope.open()) {
      int n = values.length;
      double[] head = new double[n + parameters.size()];
      System.arraycopy(values, 0, head, 0, n);
      for (int i = 0; i < parameters.size(); i++) {
        head[n + i] = parameters.get(i).grad().defined() ? 1 : 0;
      }
      // Beside the gradients: NCCL reduces CUDA tensors only (on the CPU this is the same tensor).
      Tensor small = Tensors.onDeviceOf(Tensors.fromDoubles(head, head.length), parameters.getFirst());
      group.allreduceMean(List.of(small));
      double[] reduced = Tensors.toDoubles(small);
      List<Tensor> grads = new ArrayList<>();
      for (int i = 0; i < parameters.size(); i++) {
        if (reduced[n + i] == 0) {
          continue; // no rank has a gradient here: leave it undefined, as one process would
        }
        Tensor p = parameters.get(i);
        if (!p.grad().defined()) {
          // This rank's rows did not reach the parameter (e.g. no robot rows here): it contributes zeros.
          p.mutable_grad().put(torch.zeros_like(p));
        }
        grads.add(p.grad());
      }
      group.allreduceMean(grads);
      double[] out = new double[n];
      System.arraycopy(reduced, 0, out, 0, n);
      return out;
    }
  }
}
