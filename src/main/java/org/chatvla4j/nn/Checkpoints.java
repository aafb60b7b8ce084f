package org.chatvla4j.nn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Engine;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.weights.CheckpointFiles;
import org.chatvla4j.weights.CheckpointWriter;
import org.chatvla4j.weights.SafetensorsDtype;
import org.chatvla4j.weights.SafetensorsException;
import org.chatvla4j.weights.TensorData;
import org.chatvla4j.weights.TensorInfo;

/**
 * Module weights ↔ safetensors checkpoints (a {@code .safetensors} file or an HF directory, single or sharded). Loads
 * are strict ({@link StateDictLoader}); saves write the module's parameters in their own dtype, tied names once,
 * atomically per file.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** Loads {@code path} into {@code module} under {@code mapping}; throws listing every missing/unexpected/mis-shaped name. */
  public static LoadReport load(Module module, Path path, KeyMapping mapping) throws IOException {
    try (CheckpointFiles files = CheckpointFiles.open(path)) {
      return StateDictLoader.load(module, new Source(files), mapping);
    }
  }

  /** Writes every parameter of {@code module} to {@code directory} (shards above {@code maxShardBytes}). */
  public static void save(Module module, Path directory, Map<String, String> metadata, long maxShardBytes) throws IOException {
    Engine.start();
    try (Scope s = Scope.open()) {
      SequencedMap<String, TensorData> out = new LinkedHashMap<>();
      for (Parameter p : module.parameters().values()) {
        // cpu(): a CUDA model's weights are copied to host memory (a no-op on the CPU); held by the scope until written.
        Tensor c = p.tensor().detach().contiguous().cpu();
        long n = c.numel() * c.element_size();
        MemorySegment bytes = n == 0 ? MemorySegment.ofArray(new byte[0]) : MemorySegment.ofAddress(c.data_ptr().address()).reinterpret(n);
        out.put(p.name(), new TensorData(toSafetensors(p.dtype()), p.shape(), bytes));
      }
      new CheckpointWriter(maxShardBytes).write(directory, out, metadata);
    }
  }

  public static void save(Module module, Path directory) throws IOException {
    save(module, directory, Map.of("format", "pt"), CheckpointWriter.DEFAULT_MAX_SHARD_BYTES);
  }

  static SafetensorsDtype toSafetensors(DType d) {
    return SafetensorsDtype.valueOf(d.safetensorsName());
  }

  static DType fromSafetensors(SafetensorsDtype d, String file, String tensor) {
    try {
      return DType.valueOf(d.name());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": tensor '" + tensor + "' has dtype " + d + ", which libtorch models do not load");
    }
  }

  /** Wraps mapped bytes as a native pointer so libtorch copies straight from the mapping (no 2 GiB limit). */
  static Tensor toTensor(TensorData data, DType dtype) {
    MemorySegment seg = data.bytes();
    if (seg.byteSize() == 0 || !seg.isNative()) {
      return Tensors.fromBytes(java.nio.ByteBuffer.wrap(data.toByteArray()), dtype, data.shape());
    }
    Pointer p = new Pointer() {
      {
        address = seg.address();
        capacity = seg.byteSize();
        limit = capacity;
      }
    };
    return torch.from_blob(p, data.shape(), dtype.options()).clone();
  }

  /** A checkpoint as a {@link WeightSource}. */
  static final class Source implements WeightSource {
    private final CheckpointFiles files;
    private final Map<String, TensorInfo> infos;

    Source(CheckpointFiles files) {
      this.files = files;
      this.infos = files.tensors().stream().collect(Collectors.toMap(TensorInfo::name, t -> t, (a, b) -> a, LinkedHashMap::new));
    }

    @Override
    public String description() {
      return files.path().toString();
    }

    @Override
    public Set<String> names() {
      return infos.keySet();
    }

    @Override
    public long[] shape(String name) {
      return infos.get(name).shape();
    }

    @Override
    public DType dtype(String name) {
      return fromSafetensors(infos.get(name).dtype(), description(), name);
    }

    @Override
    public Tensor read(String name) {
      try {
        return toTensor(files.tensor(name), dtype(name));
      } catch (SafetensorsException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
