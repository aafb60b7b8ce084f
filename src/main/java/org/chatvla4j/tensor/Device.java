package org.chatvla4j.tensor;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Where tensors live: the CPU or one CUDA device. Parsed once from {@code --device} ({@code cpu}, {@code cuda},
 * {@code cuda:N}); the model, its batches, diffusion noise and timesteps are all placed on it. {@code cuda} without an
 * index is resolved per process by {@link #withDefaultIndex} (rank r of a multi-GPU job takes {@code cuda:LOCAL_RANK},
 * as torchrun scripts do), so that one command line serves every rank.
 *
 * <p>Named like libtorch's {@code c10::Device}, which files that need both spell out as
 * {@code org.bytedeco.pytorch.Device}.
 *
 * @param type CPU or CUDA
 * @param index the CUDA ordinal, or −1: none given (always −1 for the CPU)
 */
public record Device(Type type, int index) {
  /** The kinds of device the project places tensors on. */
  public enum Type {
    CPU,
    CUDA
  }

  public static final Device CPU = new Device(Type.CPU, -1);

  /** The GPU build, named in every error that a CPU build cannot do something. */
  public static final String GPU_BUILD = "build with the GPU profile (mvn -Pgpu -DskipTests package: bytedeco pytorch "
      + "linux-x86_64-gpu, CUDA 13.1) on a machine with an NVIDIA GPU and driver";

  private static final Map<Device, org.bytedeco.pytorch.Device> NATIVE = new ConcurrentHashMap<>();

  public Device {
    if (type == Type.CPU && index != -1) {
      throw new IllegalArgumentException("the CPU has no device index, got cpu:" + index);
    }
    if (index < -1) {
      throw new IllegalArgumentException("a CUDA device index must be >= 0, got " + index);
    }
  }

  /** {@code cuda:index}. */
  public static Device cuda(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("a CUDA device index must be >= 0, got " + index);
    }
    return new Device(Type.CUDA, index);
  }

  /** Parses {@code cpu}, {@code cuda} or {@code cuda:N} (any case, surrounding blanks ignored); names the forms otherwise. */
  public static Device parse(String s) {
    String d = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    if (d.equals("cpu")) {
      return CPU;
    }
    if (d.equals("cuda")) {
      return new Device(Type.CUDA, -1);
    }
    if (d.startsWith("cuda:")) {
      String n = d.substring(5);
      if (!n.isEmpty() && n.chars().allMatch(Character::isDigit) && n.length() <= 3) {
        return cuda(Integer.parseInt(n));
      }
    }
    throw new IllegalArgumentException("--device must be cpu, cuda or cuda:N (N = 0, 1, ...), got '" + s + "'");
  }

  /** The device a tensor is on. */
  public static Device of(Tensor t) {
    if (t.is_cuda()) {
      try (org.bytedeco.pytorch.Device d = t.device()) {
        return cuda(d.index());
      }
    }
    if (!t.is_cpu()) {
      throw new IllegalArgumentException("tensor is on " + t.device().str().getString() + ", which chatvla4j does not use");
    }
    return CPU;
  }

  public boolean isCuda() {
    return type == Type.CUDA;
  }

  /** {@code cuda} without an index becomes {@code cuda:index}; anything else is returned as is. */
  public Device withDefaultIndex(int index) {
    return isCuda() && this.index < 0 ? cuda(index) : this;
  }

  /** libtorch's device (one native object per value, kept for the process's life). */
  public org.bytedeco.pytorch.Device toNative() {
    return NATIVE.computeIfAbsent(this, d -> {
      Engine.start();
      return Scope.keepForever(new org.bytedeco.pytorch.Device(d.toString()));
    });
  }

  /**
   * {@code t} on this device: {@code t} itself when it is there already (so the CPU path copies nothing), else a copy
   * (same dtype). Autograd sees the move, as {@code tensor.to(device)} in PyTorch.
   */
  public Tensor place(Tensor t) {
    if (isCuda() ? t.is_cuda() && (index < 0 || of(t).index == index) : t.is_cpu()) {
      return t;
    }
    return t.to(toNative(), t.scalar_type());
  }

  /**
   * Makes this CUDA device the calling thread's current one ({@code torch.cuda.set_device}); nothing for the CPU. Every
   * tensor is placed explicitly, so this only matters to what guesses a device from the current one: NCCL's
   * communicator set-up and barrier, which otherwise put every rank of a machine on {@code cuda:0}.
   */
  public void makeCurrent() {
    if (isCuda() && index >= 0) {
      requireAvailable("--device");
      org.bytedeco.pytorch.global.torch_cuda.set_device((byte) index);
    }
  }

  /** Whether a tensor on {@code actual} is on this device ({@code cuda} without an index matches any CUDA device). */
  public boolean holds(Device actual) {
    return equals(actual) || isCuda() && index < 0 && actual.isCuda();
  }

  /**
   * Empty when tensors can be placed here; otherwise why not, with the fix: the CPU build has no CUDA at all, a GPU
   * build may see no device, or fewer than the index asks for.
   */
  public Optional<String> unavailableReason() {
    if (!isCuda()) {
      return Optional.empty();
    }
    Engine.start();
    if (!cudaBuild()) {
      return Optional.of("this build has the CPU libtorch, without CUDA; " + GPU_BUILD);
    }
    int count = torch.cuda_device_count();
    if (count == 0) {
      return Optional.of("the GPU build is in use but no CUDA device is visible (check nvidia-smi, the NVIDIA driver and "
          + "CUDA_VISIBLE_DEVICES)");
    }
    if (index >= count) {
      return Optional.of(this + " does not exist: " + count + " CUDA device" + (count == 1 ? " is" : "s are")
          + " visible (cuda:0" + (count > 1 ? " … cuda:" + (count - 1) : "") + "); check CUDA_VISIBLE_DEVICES");
    }
    return Optional.empty();
  }

  /** This device, or an {@link IllegalStateException} with {@link #unavailableReason} prefixed by {@code what}. */
  public Device requireAvailable(String what) {
    unavailableReason().ifPresent(why -> {
      throw new IllegalStateException(what + " " + this + " cannot run here: " + why);
    });
    return this;
  }

  /** {@code torch.cuda.is_available()}: a GPU build that sees at least one CUDA device. */
  public static boolean cudaAvailable() {
    return new Device(Type.CUDA, -1).unavailableReason().isEmpty();
  }

  /**
   * Whether libtorch's CUDA half is on the class path: bytedeco's {@code torch_cuda} bindings load only from the
   * {@code linux-x86_64-gpu} jar (with the cuda presets that {@code -Pgpu} adds); on the CPU build loading them fails.
   */
  private static boolean cudaBuild() {
    try {
      Loader.load(org.bytedeco.pytorch.global.torch_cuda.class);
      return true;
    } catch (Throwable e) { // NoClassDefFoundError / TypeNotPresentException / UnsatisfiedLinkError on the CPU build
      return false;
    }
  }

  /** {@code cpu}, {@code cuda} or {@code cuda:N}, the form {@link #parse} reads. */
  @Override
  public String toString() {
    return type == Type.CPU ? "cpu" : index < 0 ? "cuda" : "cuda:" + index;
  }
}
