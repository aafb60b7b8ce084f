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
 * global batch per rank, and after backward one small allreduce (the loss parts and which parameters have a gradient
 * anywhere) followed by the bucketed mean allreduce of the gradients.
 */
public final class GlooDataParallel implements DataParallel {
  private final ProcessGroup group;

  public GlooDataParallel(ProcessGroup group) {
    this.group = group;
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
  public double[] reduceGradients(List<Tensor> parameters, double[] values) {
    try (Scope s = Scope.open()) {
      int n = values.length;
      double[] head = new double[n + parameters.size()];
      System.arraycopy(values, 0, head, 0, n);
      for (int i = 0; i < parameters.size(); i++) {
        head[n + i] = parameters.get(i).grad().defined() ? 1 : 0;
      }
      Tensor small = Tensors.fromDoubles(head, head.length);
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
