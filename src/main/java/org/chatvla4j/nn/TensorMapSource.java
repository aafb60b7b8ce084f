package org.chatvla4j.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Shapes;

/** A {@link WeightSource} over tensors already in memory (another module's state, a converted checkpoint). */
public final class TensorMapSource implements WeightSource {
  private final String description;
  private final Map<String, Tensor> tensors;

  public TensorMapSource(String description, Map<String, Tensor> tensors) {
    this.description = description;
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /** The parameters of {@code module} (tied names excluded), as a source for another module. */
  public static TensorMapSource of(Module module) {
    Map<String, Tensor> m = new LinkedHashMap<>();
    module.parameters().forEach((n, p) -> m.put(n, p.tensor()));
    return new TensorMapSource(module.getClass().getSimpleName(), m);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Set<String> names() {
    return tensors.keySet();
  }

  @Override
  public long[] shape(String name) {
    return Shapes.of(get(name));
  }

  @Override
  public DType dtype(String name) {
    return DType.of(get(name).scalar_type());
  }

  @Override
  public Tensor read(String name) {
    return get(name).detach();
  }

  private Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(description + " has no tensor '" + name + "'");
    }
    return t;
  }
}
