package org.chatvla4j.train.distributed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorBase;
import org.bytedeco.pytorch.VoidTensorHook;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;

/**
 * The gradient allreduce overlapped with backward, as PyTorch DDP's Reducer does it: the trainable parameters are cut
 * into buckets of at most {@code bucketBytes} in reverse registration order (roughly the order backward produces their
 * gradients), each parameter gets a libtorch tensor hook, and when a bucket's last gradient arrives its flat buffer's
 * allreduce is started on Gloo's threads while backward goes on. Buckets start strictly in index order on every rank
 * (collectives are matched by order), so a bucket that is complete early waits for the ones before it.
 *
 * <p>A parameter whose gradient this rank does not produce (the action head on a rank with no robot rows) never fires
 * its hook; its bucket and the ones after it start after backward, with zeros in that slot. Once a step has shown a
 * parameter without a gradient on some rank, it moves to the last buckets (see {@link #layout}), so such steps still
 * start the other buckets during backward. Then one small
 * allreduce carries the loss parts and which parameters have a gradient on any rank, exactly as the after-backward path
 * does, so both paths apply the same update (bitwise for two ranks: a sum of two numbers does not depend on the bucket
 * layout; with more ranks Gloo's ring may add in a different order, so the last bit can differ).
 *
 * <p>The hook sees the gradient before autograd stores it in {@code .grad}; the trainer sets gradients to none before
 * each backward, so that value is exactly the final {@code .grad}.
 */
final class OverlappedGradients {
  /** PyTorch DDP's {@code first_bucket_bytes}: the first bucket is small so communication starts early in backward. */
  static final long FIRST_BUCKET_BYTES = 1L << 20;

  private record Bucket(int[] params, long[] offsets, Tensor flat) {}

  private final ProcessGroup group;
  private final List<Tensor> params;
  private final List<Bucket> buckets = new ArrayList<>();
  private final int[] bucketOf;
  private final int[] slotOf;
  private final boolean[] arrived;
  private int[] missing;
  private final boolean[] irregular;
  private final long bucketBytes;
  private final java.util.Set<Tensor> knownIrregular;
  private final List<ProcessGroup.Pending> started = new ArrayList<>();
  private final List<VoidTensorHook> hooks = new ArrayList<>(); // the callbacks must stay reachable while registered
  private final int[] handles;
  private boolean armed;
  private Throwable hookFailure;
  private int startedDuringBackward;
  private int reducedBuckets;

  /**
   * @param knownIrregular parameters an earlier reducer of this job saw without a gradient on some rank (identity set,
   *     shared: this reducer adds the ones it finds, so the next stage starts with them in the last buckets)
   */
  OverlappedGradients(ProcessGroup group, List<Tensor> params, long bucketBytes, java.util.Set<Tensor> knownIrregular) {
    this.group = group;
    this.params = List.copyOf(params);
    int n = params.size();
    bucketOf = new int[n];
    slotOf = new int[n];
    arrived = new boolean[n];
    handles = new int[n];
    Arrays.fill(handles, -1);
    irregular = new boolean[n];
    this.knownIrregular = knownIrregular;
    for (int i = 0; i < n; i++) {
      irregular[i] = knownIrregular.contains(params.get(i));
    }
    this.bucketBytes = bucketBytes;
    layout();
    for (int i = 0; i < n; i++) {
      if (!params.get(i).requires_grad()) {
        continue; // no gradient will come: its slot is filled after backward like any missing one
      }
      int index = i;
      VoidTensorHook h = new VoidTensorHook() {
        @Override
        public void call(TensorBase grad) {
          onGradient(index, grad);
        }
      };
      hooks.add(Scope.keepForever(h)); // built inside a step's scope, which must not free the native callback
      handles[i] = params.get(i).register_hook(h);
    }
  }

  /**
   * Cuts the parameters into buckets: reverse registration order, the ones seen without a gradient on some rank
   * ({@link #irregular}) last, so that a rank whose rows skip the action head or an expert still starts the shared
   * layers' buckets during backward. Every rank computes the same layout (it depends only on reduced values).
   */
  private void layout() {
    buckets.clear();
    List<Integer> order = new ArrayList<>();
    for (boolean lateGroup : new boolean[] {false, true}) {
      for (int i = params.size() - 1; i >= 0; i--) {
        if (irregular[i] == lateGroup) {
          order.add(i);
        }
      }
    }
    List<Integer> cur = new ArrayList<>();
    long bytes = 0;
    for (int i : order) {
      Tensor t = params.get(i);
      long nb = t.numel() * t.element_size();
      long cap = buckets.isEmpty() ? Math.min(FIRST_BUCKET_BYTES, bucketBytes) : bucketBytes;
      boolean otherType = !cur.isEmpty() && params.get(cur.getFirst()).scalar_type() != t.scalar_type();
      boolean otherGroup = !cur.isEmpty() && irregular[cur.getFirst()] != irregular[i];
      if (!cur.isEmpty() && (otherType || otherGroup || bytes + nb > cap)) {
        addBucket(cur);
        cur = new ArrayList<>();
        bytes = 0;
      }
      cur.add(i);
      bytes += nb;
    }
    if (!cur.isEmpty()) {
      addBucket(cur);
    }
    missing = new int[buckets.size()];
  }

  private void addBucket(List<Integer> members) {
    int[] idx = members.stream().mapToInt(Integer::intValue).toArray();
    long[] off = new long[idx.length];
    long total = 0;
    for (int k = 0; k < idx.length; k++) {
      off[k] = total;
      total += params.get(idx[k]).numel();
      bucketOf[idx[k]] = buckets.size();
      slotOf[idx[k]] = k;
    }
    Tensor flat = Scope.keepForever(torch.zeros(new long[] {total}, params.get(idx[0]).options()));
    buckets.add(new Bucket(idx, off, flat));
  }

  /** True when this reducer was built for exactly these parameter tensors (the optimizer's, in its order). */
  boolean covers(List<Tensor> ps) {
    if (ps.size() != params.size()) {
      return false;
    }
    for (int i = 0; i < ps.size(); i++) {
      if (ps.get(i) != params.get(i)) {
        return false;
      }
    }
    return true;
  }

  /** Buckets the last {@link #finish} reduced (the layout may change after it). */
  int reducedBuckets() {
    return reducedBuckets;
  }

  /** Buckets the last {@link #finish} had started from inside backward. */
  int startedDuringBackward() {
    return startedDuringBackward;
  }

  /** Called just before backward: the next gradients belong to a new step. */
  void arm() {
    Arrays.fill(arrived, false);
    for (int b = 0; b < buckets.size(); b++) {
      missing[b] = buckets.get(b).params().length;
    }
    started.clear();
    hookFailure = null;
    armed = true;
  }

  boolean armed() {
    return armed;
  }

  private void onGradient(int i, TensorBase grad) {
    if (!armed || hookFailure != null) {
      return; // a backward outside a training step (none today), or an earlier failure to report after backward
    }
    try {
      if (arrived[i]) {
        throw new IllegalStateException("parameter " + i + " received two gradients in one backward");
      }
      arrived[i] = true;
      int b = bucketOf[i];
      Bucket bucket = buckets.get(b);
      Tensor g = new Tensor(grad);
      bucket.flat().narrow(0, bucket.offsets()[slotOf[i]], g.numel()).copy_(g.reshape(-1));
      if (--missing[b] == 0) {
        startReady();
      }
    } catch (Throwable t) {
      // An exception must not unwind through libtorch's autograd engine: keep it and rethrow after backward.
      hookFailure = t;
    }
  }

  /** Starts every bucket, in order, whose gradients are all in, up to the first that is not. */
  private void startReady() {
    while (started.size() < buckets.size() && missing[started.size()] == 0) {
      started.add(group.startAllreduceSum(buckets.get(started.size()).flat()));
    }
  }

  /**
   * Called after backward: starts the buckets backward did not complete (zeros for gradients this rank did not
   * produce), reduces {@code values} and the has-a-gradient flags, waits, and writes the mean gradients into
   * {@code .grad}. Returns the mean of {@code values} over the ranks.
   */
  double[] finish(double[] values) {
    armed = false;
    if (hookFailure != null) {
      throw new IllegalStateException("the gradient hook failed: " + hookFailure.getMessage(), hookFailure);
    }
    startedDuringBackward = started.size();
    reducedBuckets = buckets.size();
    try (NoGradGuard ng = new NoGradGuard()) {
      for (int b = started.size(); b < buckets.size(); b++) {
        Bucket bucket = buckets.get(b);
        for (int k = 0; k < bucket.params().length; k++) {
          int i = bucket.params()[k];
          if (!arrived[i]) {
            Tensor slot = bucket.flat().narrow(0, bucket.offsets()[k], params.get(i).numel());
            Tensor grad = params.get(i).grad();
            if (grad.defined()) {
              slot.copy_(grad.reshape(-1)); // produced without passing the hook (not expected; kept for safety)
            } else {
              slot.zero_();
            }
          }
        }
        missing[b] = 0;
      }
      startReady();
      int n = values.length;
      double[] head = Arrays.copyOf(values, n + params.size());
      for (int i = 0; i < params.size(); i++) {
        head[n + i] = params.get(i).grad().defined() ? 1 : 0;
      }
      // Beside the gradients: NCCL reduces CUDA tensors only (on the CPU this is the same tensor).
      Tensor small = Tensors.onDeviceOf(Tensors.fromDoubles(head, head.length), params.getFirst());
      ProcessGroup.Pending flags = group.startAllreduceSum(small);
      org.bytedeco.pytorch.Scalar world = Tensors.scalar(group.worldSize());
      for (ProcessGroup.Pending p : started) {
        p.await();
      }
      flags.await();
      double[] reduced = Tensors.toDoubles(small.div_(world));
      for (int b = 0; b < buckets.size(); b++) {
        Bucket bucket = buckets.get(b);
        Tensor mean = bucket.flat().div_(world);
        for (int k = 0; k < bucket.params().length; k++) {
          int i = bucket.params()[k];
          if (reduced[n + i] == 0) {
            continue; // no rank has a gradient here: leave it undefined, as one process would
          }
          Tensor p = params.get(i);
          if (!p.grad().defined()) {
            p.mutable_grad().put(torch.zeros_like(p)); // this rank's rows did not reach it: it contributed zeros
          }
          p.grad().copy_(mean.narrow(0, bucket.offsets()[k], p.numel()).view(p.sizes()));
        }
      }
      boolean relayout = false;
      for (int i = 0; i < params.size(); i++) {
        if (reduced[n + i] < 1 && !irregular[i]) {
          irregular[i] = true; // some rank had no gradient for it this step
          knownIrregular.add(params.get(i));
          relayout = true;
        }
      }
      if (relayout) {
        layout(); // the buffers' values are in .grad already; the next step fills the new ones
      }
      return Arrays.copyOf(reduced, n);
    }
  }

  /** Removes the hooks (the optimizer's parameters changed: a new stage froze or unfroze some). */
  void close() {
    armed = false;
    for (int i = 0; i < handles.length; i++) {
      if (handles[i] >= 0) {
        params.get(i).remove_hook(handles[i]);
        handles[i] = -1;
      }
    }
    hooks.clear();
  }
}
