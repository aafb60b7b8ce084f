package org.chatvla4j.model.action;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Linear;
import org.chatvla4j.tensor.Shapes;

/**
 * The DiT initialisers ({@code initialize_weights} of DiT/ScaleDP) applied to parameters that a layer constructor has
 * already created with PyTorch's defaults. Values come from the module's {@link Init}, so a seed reproduces them; on the
 * meta device there are no values and nothing is done.
 */
final class Weights {
  private Weights() {}

  /** {@code xavier_uniform_} on the weight (bound √(6/(fan_in + fan_out))) and a zero bias. */
  static void xavierUniform(Init init, Linear linear) {
    double bound = Math.sqrt(6.0 / (linear.inFeatures() + linear.outFeatures()));
    overwrite(init, linear.weight(), init.uniform(bound, Shapes.of(linear.weight())));
    zeroBias(init, linear);
  }

  /** N(0, std²) weight and a zero bias. */
  static void normal(Init init, Linear linear, double std) {
    overwrite(init, linear.weight(), init.normal(std, Shapes.of(linear.weight())));
    zeroBias(init, linear);
  }

  /** All-zero weight and bias (adaLN-Zero modulation, the final projection, FiLM). */
  static void zero(Init init, Linear linear) {
    overwrite(init, linear.weight(), init.zeros(Shapes.of(linear.weight())));
    zeroBias(init, linear);
  }

  private static void zeroBias(Init init, Linear linear) {
    if (linear.bias() != null) {
      overwrite(init, linear.bias(), init.zeros(Shapes.of(linear.bias())));
    }
  }

  /** Writes {@code values} into the parameter's storage without recording the write for autograd. */
  private static void overwrite(Init init, Tensor parameter, Tensor values) {
    if (!init.isMeta()) {
      parameter.detach().copy_(values);
    }
  }
}
