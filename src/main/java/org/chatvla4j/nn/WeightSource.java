package org.chatvla4j.nn;

import java.util.Set;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.DType;

/**
 * Named tensors to load into a module: a checkpoint directory, a single safetensors file, or an in-memory map.
 * Shapes and dtypes are known without reading data, so a load can be validated before anything is copied.
 */
public interface WeightSource {
  /** Where the tensors come from, for messages ("/ckpt/model.safetensors"). */
  String description();

  Set<String> names();

  long[] shape(String name);

  DType dtype(String name);

  /** The tensor's values in its stored dtype (the caller opens the {@code Scope} that frees it). */
  Tensor read(String name);
}
