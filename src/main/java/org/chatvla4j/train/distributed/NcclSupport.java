package org.chatvla4j.train.distributed;

import java.time.Duration;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.Backend;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_nccl;
import org.bytedeco.pytorch.nccl.ProcessGroupNCCL;
import org.chatvla4j.tensor.Scope;

/**
 * Everything that touches NCCL, kept in one class so the CPU build never loads it: the Java classes of
 * {@code ProcessGroupNCCL} are in bytedeco's common jar, but its native library ({@code libjnitorch_nccl}) is only in
 * the {@code linux-x86_64-gpu} jar that {@code mvn -Pgpu} selects. {@link #unavailableReason} says, before any worker
 * starts, why NCCL cannot run here and what to do about it.
 */
public final class NcclSupport {
  /** How to get a build with NCCL, for error messages. */
  public static final String GPU_BUILD = org.chatvla4j.tensor.Device.GPU_BUILD;

  private NcclSupport() {}

  /**
   * Empty when an NCCL process group can be created and used for training here; otherwise the first reason it cannot,
   * with the fix.
   */
  public static Optional<String> unavailableReason() {
    try {
      Loader.load(torch_nccl.class);
    } catch (Throwable e) { // UnsatisfiedLinkError / NoClassDefFoundError: the CPU jar has no libjnitorch_nccl
      return Optional.of("this build has the CPU libtorch, without NCCL or CUDA (" + e.getClass().getSimpleName() + "); "
          + GPU_BUILD);
    }
    if (torch.cuda_device_count() == 0) {
      return Optional.of("the GPU build is in use but no CUDA device is visible (check nvidia-smi and CUDA_VISIBLE_DEVICES)");
    }
    return Optional.empty();
  }

  /** An NCCL process group over {@code store}; call only when {@link #unavailableReason} is empty. */
  static Backend create(Store store, int rank, int worldSize, Duration timeout) {
    ProcessGroupNCCL.Options o = ProcessGroupNCCL.Options.create();
    o.timeout(Scope.keepForever(new Milliseconds(timeout.toMillis())));
    return new ProcessGroupNCCL(store, rank, worldSize, o);
  }
}
