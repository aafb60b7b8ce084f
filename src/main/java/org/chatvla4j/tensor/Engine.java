package org.chatvla4j.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;

/**
 * The one place where libtorch (bytedeco) is started and the JavaCPP pitfalls of our stack are handled
 * (java-stack.md §2.2). Call {@link #start()} before touching any tensor; it is idempotent and thread-safe.
 *
 * <p>What it settles, once:
 *
 * <ul>
 *   <li><b>Native cache.</b> JavaCPP extracts ~0.9 GB of natives (libtorch, MKL); they go to
 *       {@link #nativeCacheRoot()}{@code /javacpp}, never the JavaCPP default in the home root, unless the user set
 *       {@code org.bytedeco.javacpp.cachedir} themselves.
 *   <li><b>BLAS.</b> libtorch's BLAS is OpenBLAS unless {@code -Dorg.bytedeco.openblas.load=mkl_rt} swaps in MKL. OpenBLAS'
 *       own pthreads plus torch's OpenMP oversubscribe the cores (a 147 ms train step becomes 770 ms), so we ask for
 *       MKL before the natives load and verify from the process' mapped libraries that MKL really is in use. The
 *       preset's {@code blas_get_vendor()} cannot tell (it reports 0 for both), hence {@code /proc/self/maps}.
 *   <li><b>Threads.</b> Intra-op threads = {@code -Dchatvla.threads} / {@code $CHATVLA_THREADS} / available cores;
 *       MKL gets the same count; inter-op threads are 1 (we never run independent ops concurrently).
 * </ul>
 *
 * <p>Other bytedeco pitfalls are avoided by design rather than handled: we never use {@code torch::nn::Module}
 * (its {@code register_parameter} returns a reference that dangles, and it forbids dots in names), so parameters are
 * plain tensors owned by {@code org.chatvla4j.nn.Module}; tensor options are built only through {@link Tensors}, which
 * avoids JavaCPP's silent "Pointer cast" constructors.
 */
public final class Engine {
  private static final Logger LOG = Logger.getLogger(Engine.class.getName());
  private static volatile EngineInfo info;

  private Engine() {}

  /** Starts the engine with settings from system properties and the environment; returns what was set up. */
  public static EngineInfo start() {
    EngineInfo i = info;
    if (i != null) {
      return i;
    }
    synchronized (Engine.class) {
      if (info == null) {
        info = boot();
      }
      return info;
    }
  }

  private static EngineInfo boot() {
    long t0 = System.nanoTime();
    Path cache = nativeCacheDir();
    if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
      try {
        Files.createDirectories(cache);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create the native cache directory " + cache + "; set -Dchatvla.nativeCache=DIR to a writable one", e);
      }
      System.setProperty("org.bytedeco.javacpp.cachedir", cache.toString());
    }
    boolean mklRequested = System.getProperty("org.bytedeco.openblas.load") != null;
    if (!mklRequested) {
      // Set before the openblas preset class initialises; it reads the property then.
      System.setProperty("org.bytedeco.openblas.load", "mkl_rt");
    }
    Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
    Loader.load(torch.class);

    int threads = configuredThreads();
    torch.set_num_threads(threads);
    try {
      torch.set_num_interop_threads(1);
    } catch (RuntimeException alreadyStarted) {
      // libtorch refuses once inter-op work has run (another library started it first); harmless.
    }
    Blas blas = detectBlas();
    if (blas == Blas.MKL) {
      org.bytedeco.mkl.global.mkl_rt.MKL_Set_Num_Threads(threads);
    } else if (Boolean.getBoolean("chatvla.requireMkl")) {
      throw new IllegalStateException(
          "the active BLAS is " + blas + ", not MKL; put org.bytedeco:mkl (linux-x86_64 and -redist) on the class path and run"
              + " with -Dorg.bytedeco.openblas.load=mkl_rt (the ./chatvla launcher does both)");
    } else {
      LOG.warning(
          "BLAS is " + blas + ", not MKL: matrix work will be ~5x slower. Fix: run with -Dorg.bytedeco.openblas.load=mkl_rt"
              + " and the org.bytedeco:mkl jars (the ./chatvla launcher does both).");
    }
    String cacheUsed = System.getProperty("org.bytedeco.javacpp.cachedir");
    return new EngineInfo(threads, blas, hasFastBf16(), Path.of(cacheUsed), (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Whether this CPU multiplies bf16 in hardware (AMX or AVX-512 BF16), so oneDNN's bf16 kernels run at ~4× fp32. Without
   * either, libtorch falls back to a scalar bf16 GEMM that was measured ~50× slower than fp32 (AMD EPYC with AVX2:
   * 1024² in 7.2 s vs 0.13 s), so callers should keep fp32 weights there.
   */
  static boolean hasFastBf16() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return line.contains(" amx_bf16") || line.contains(" avx512_bf16");
        }
      }
    } catch (IOException e) {
      // not Linux: assume no fast path
    }
    return false;
  }

  /** Which BLAS library the process actually mapped. */
  public enum Blas {
    MKL,
    OPENBLAS,
    UNKNOWN
  }

  static Blas detectBlas() {
    try {
      List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
      if (maps.stream().anyMatch(l -> l.contains("libmkl_rt"))) {
        return Blas.MKL;
      }
      if (maps.stream().anyMatch(l -> l.contains("libopenblas"))) {
        return Blas.OPENBLAS;
      }
      return Blas.UNKNOWN;
    } catch (IOException e) {
      return Blas.UNKNOWN;
    }
  }

  /**
   * The root of the project's native caches: {@code -Dchatvla.nativeCache}, else {@code $CHATVLA_NATIVE_CACHE}, else
   * {@code $XDG_CACHE_HOME/chatvla4j} ({@code ~/.cache/chatvla4j}). libtorch/MKL extract under {@code javacpp/}, the
   * tokenizers library under {@code djl/}.
   */
  public static Path nativeCacheRoot() {
    String p = System.getProperty("chatvla.nativeCache");
    if (p == null || p.isBlank()) {
      p = System.getenv("CHATVLA_NATIVE_CACHE");
    }
    if (p != null && !p.isBlank()) {
      return Path.of(p).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("chatvla4j");
  }

  static Path nativeCacheDir() {
    return nativeCacheRoot().resolve("javacpp");
  }

  static int configuredThreads() {
    String s = System.getProperty("chatvla.threads");
    if (s == null || s.isBlank()) {
      s = System.getenv("CHATVLA_THREADS");
    }
    if (s == null || s.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int n = Integer.parseInt(s.trim());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("chatvla.threads / CHATVLA_THREADS must be a positive integer, got '" + s + "'");
    }
  }

  /** What {@link #start()} set up. */
  public record EngineInfo(int threads, Blas blas, boolean fastBf16, Path nativeCache, long startMillis) {
    /** The dtype to keep large weights in on this CPU: bf16 where the hardware multiplies it, else fp32. */
    public DType preferredWeightDtype() {
      return fastBf16 ? DType.BF16 : DType.F32;
    }

    @Override
    public String toString() {
      return "libtorch 2.10.0 (bytedeco), BLAS " + blas + ", " + threads + " threads, bf16 " + (fastBf16 ? "in hardware (AMX/AVX-512)"
          : "emulated (no AMX/AVX-512 BF16: prefer fp32)") + ", natives in " + nativeCache;
    }
  }
}
