package org.chatvla4j.nn;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Shapes;

/**
 * A named learnable tensor. The tensor object never changes identity (layers hold it directly); dtype changes and
 * loads replace its data in place, and freezing only flips {@code requires_grad}.
 */
public final class Parameter {
  private final String name;
  private final Tensor tensor;

  Parameter(String name, Tensor tensor) {
    this.name = name;
    this.tensor = tensor;
  }

  /** The full Hugging Face name, e.g. {@code model.layers.0.self_attn.q_proj.weight}. */
  public String name() {
    return name;
  }

  public Tensor tensor() {
    return tensor;
  }

  public long[] shape() {
    return Shapes.of(tensor);
  }

  public long numel() {
    return Shapes.numel(shape());
  }

  public DType dtype() {
    return DType.of(tensor.scalar_type());
  }

  public boolean isTrainable() {
    return tensor.requires_grad();
  }

  void setTrainable(boolean trainable) {
    tensor.set_requires_grad(trainable);
  }

  /** Replaces the values (and possibly the dtype) in place, keeping the tensor object the layers hold. */
  void setData(Tensor data) {
    tensor.__dispatch_set_data(data);
  }

  @Override
  public String toString() {
    return name + " " + dtype() + java.util.Arrays.toString(shape()) + (isTrainable() ? "" : " (frozen)");
  }
}
