package org.chatvla4j.nn;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Engine;
import org.chatvla4j.tensor.Scope;

/**
 * How a module's parameters are created: dtype, device and the random generator their initial values come from.
 * Layers receive an {@code Init} in their constructor, so randomness is explicit and a seed reproduces a model.
 *
 * <p>{@link #meta()} creates parameters on libtorch's meta device: shapes without storage. Building a 2B-parameter
 * preset that way costs nothing, which is how parameters are counted without allocating them.
 */
public final class Init {
  private final DType dtype;
  private final Device device;
  private final Generator generator;

  private Init(DType dtype, Device device, Generator generator) {
    this.dtype = dtype;
    this.device = device;
    this.generator = generator;
  }

  /** Parameters on the CPU in {@code dtype}, initial values drawn from a generator seeded with {@code seed}. */
  public static Init cpu(DType dtype, long seed) {
    Engine.start();
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("parameters must be floating point, got " + dtype);
    }
    return new Init(dtype, Scope.keepForever(new Device("cpu")), Scope.keepForever(torch.make_generator_cpu(seed)));
  }

  /** Shape-only parameters on the meta device (no memory, no values). */
  public static Init meta(DType dtype) {
    Engine.start();
    return new Init(dtype, Scope.keepForever(new Device("meta")), null);
  }

  /**
   * CPU parameters with memory but no initial values (whatever the allocator returns), for a model that a strict
   * checkpoint load fills next: drawing 2.2 B random values only to overwrite them doubled the 2B model's load time.
   * Only use it when a missing checkpoint key is an error (as {@link Checkpoints#load} makes it).
   */
  public static Init forLoading(DType dtype) {
    Engine.start();
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("parameters must be floating point, got " + dtype);
    }
    return new Init(dtype, Scope.keepForever(new Device("cpu")), null);
  }

  public DType dtype() {
    return dtype;
  }

  public boolean isMeta() {
    return device.is_meta();
  }

  /** Whether normal/uniform allocate without drawing values (the meta device, or {@link #forLoading}). */
  private boolean skipsValues() {
    return generator == null;
  }

  private TensorOptions options() {
    return dtype.options().device(new DeviceOptional(device));
  }

  /** N(0, std²) values. */
  public Tensor normal(double std, long... shape) {
    if (skipsValues()) {
      return torch.empty(shape, options(), new org.bytedeco.pytorch.MemoryFormatOptional());
    }
    // The f32 draw is freed here, not at the caller's scope: building the 2B model in bf16 otherwise holds 8.8 GB of them.
    try (Scope s = Scope.open()) {
      Tensor t = torch.randn(shape, new GeneratorOptional(generator), DType.F32.options());
      return s.keep(t.mul_(new org.bytedeco.pytorch.Scalar(std)).to(dtype.scalarType()));
    }
  }

  /** U(−bound, bound) values (PyTorch's default for Linear: bound = 1/√fan_in). */
  public Tensor uniform(double bound, long... shape) {
    if (skipsValues()) {
      return torch.empty(shape, options(), new org.bytedeco.pytorch.MemoryFormatOptional());
    }
    try (Scope s = Scope.open()) {
      Tensor t = torch.empty(shape, DType.F32.options(), new org.bytedeco.pytorch.MemoryFormatOptional());
      t.uniform_(-bound, bound, new GeneratorOptional(generator));
      return s.keep(t.to(dtype.scalarType()));
    }
  }

  public Tensor zeros(long... shape) {
    return torch.zeros(shape, options());
  }

  public Tensor ones(long... shape) {
    return torch.ones(shape, options());
  }
}
