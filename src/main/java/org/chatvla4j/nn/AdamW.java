package org.chatvla4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.OptimizerParamGroup;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.chatvla4j.tensor.Scope;

/**
 * libtorch's AdamW over a module's trainable parameters, in two groups: matrices with weight decay, everything else
 * without. Frozen parameters are not handed to the optimizer at all, so a step leaves them bitwise unchanged.
 * Parameters frozen or unfrozen after construction are not picked up: build a new optimizer per training stage.
 */
public final class AdamW {
  private final org.bytedeco.pytorch.AdamW optimizer;
  private final List<Tensor> params;
  private AdamWConfig config;

  public AdamW(Module module, AdamWConfig config) {
    this.config = config;
    List<Tensor> decay = new ArrayList<>();
    List<Tensor> noDecay = new ArrayList<>();
    for (Parameter p : module.parameters().values()) {
      if (p.isTrainable()) {
        (p.shape().length >= 2 ? decay : noDecay).add(p.tensor());
      }
    }
    if (decay.isEmpty() && noDecay.isEmpty()) {
      throw new IllegalArgumentException("no trainable parameters in " + module.getClass().getSimpleName() + " (all frozen?)");
    }
    this.params = new ArrayList<>(decay);
    params.addAll(noDecay);
    List<List<Tensor>> groups = new ArrayList<>();
    List<Double> decays = new ArrayList<>();
    if (!decay.isEmpty()) {
      groups.add(decay);
      decays.add(config.weightDecay());
    }
    if (!noDecay.isEmpty()) {
      groups.add(noDecay);
      decays.add(0.0);
    }
    this.optimizer = Scope.keepForever(new org.bytedeco.pytorch.AdamW(vector(groups.get(0)), options(config, decays.get(0))));
    for (int g = 1; g < groups.size(); g++) {
      optimizer.add_param_group(new OptimizerParamGroup(vector(groups.get(g)), options(config, decays.get(g))));
    }
  }

  private static TensorVector vector(List<Tensor> ts) {
    return Scope.keepForever(new TensorVector(ts.toArray(Tensor[]::new)));
  }

  private static AdamWOptions options(AdamWConfig c, double weightDecay) {
    AdamWOptions o = new AdamWOptions(c.lr());
    // betas() points at a std::tuple<double, double>, and libstdc++ (libtorch's C++ library on Linux) stores a tuple's
    // elements last first: slot 0 holds beta2. Writing (beta1, beta2) in index order trained every run with the two
    // swapped (beta1 0.98, beta2 0.9: momentum outlasting the second moment, so steps grew far past the learning rate).
    o.betas().put(0, c.beta2()).put(1, c.beta1());
    o.eps().put(c.eps());
    o.weight_decay().put(weightDecay);
    return o;
  }

  /** One update from the gradients accumulated so far. */
  public void step() {
    try (Scope s = Scope.open()) {
      optimizer.step();
    }
  }

  /** Drops accumulated gradients (sets them to none, like {@code zero_grad(set_to_none=True)}). */
  public void zeroGrad() {
    optimizer.zero_grad(true);
  }

  /** Sets the learning rate of every group (schedules call this before each step). */
  public void setLearningRate(double lr) {
    config = config.withLr(lr);
    for (long g = 0; g < optimizer.param_groups().size(); g++) {
      optimizer.param_groups().get(g).options().set_lr(lr);
    }
  }

  public double learningRate() {
    return config.lr();
  }

  /** The tensors this optimizer updates, decayed group first. */
  public List<Tensor> parameters() {
    return List.copyOf(params);
  }

  /** The underlying libtorch optimizer (for state save/load by the trainer). */
  public org.bytedeco.pytorch.AdamW native_() {
    return optimizer;
  }
}
