package org.chatvla4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Device;
import org.chatvla4j.tensor.Scope;

/**
 * Base of every layer: named children and parameters whose dotted paths are the Hugging Face names
 * ({@code model.layers.0.self_attn.q_proj.weight}). Each name fragment is written once, where the child or parameter
 * is registered; a grep for a checkpoint key finds the line that owns it.
 *
 * <p>Parameters are plain libtorch tensors kept alive for the module's lifetime (see {@link Scope#keepForever}); a
 * forward pass run inside a {@link Scope} frees its activations but never the parameters.
 */
public abstract class Module {
  private final Map<String, Tensor> localParams = new LinkedHashMap<>();
  private final Map<String, Tensor> localBuffers = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private final List<Module> inlined = new ArrayList<>();
  private boolean training = true;

  /** Registers a child module under its HF name fragment and returns it. */
  protected final <M extends Module> M register(String name, M child) {
    checkName(name);
    if (localNames().contains(name)) {
      throw new IllegalArgumentException("duplicate child/parameter name '" + name + "' in " + getClass().getSimpleName());
    }
    children.put(name, child);
    return child;
  }

  /**
   * Adds {@code child}'s parameters and children under this module's own prefix, without a name of its own: for a
   * component whose children are top-level names in checkpoints (ChatVLA's action head owns {@code policy_head},
   * {@code input_action_proj}, ... which sit beside {@code model} and {@code visual}).
   */
  protected final <M extends Module> M inline(M child) {
    for (String n : child.localNames()) {
      if (children.containsKey(n) || localParams.containsKey(n) || inlined.stream().anyMatch(c -> c.localNames().contains(n))) {
        throw new IllegalArgumentException("inlined " + child.getClass().getSimpleName() + " brings '" + n + "', already in "
            + getClass().getSimpleName());
      }
    }
    inlined.add(child);
    return child;
  }

  final java.util.Set<String> localNames() {
    java.util.Set<String> names = new java.util.HashSet<>(children.keySet());
    names.addAll(localParams.keySet());
    inlined.forEach(c -> names.addAll(c.localNames()));
    return names;
  }

  /** Registers a trainable parameter under its HF name fragment and returns the tensor the layer should hold. */
  protected final Tensor parameter(String name, Tensor value) {
    checkName(name);
    if (localNames().contains(name)) {
      throw new IllegalArgumentException("duplicate child/parameter name '" + name + "' in " + getClass().getSimpleName());
    }
    Tensor t = Scope.keepForever(value.detach().set_requires_grad(true));
    localParams.put(name, t);
    return t;
  }

  /**
   * Registers a non-persistent buffer: a constant tensor the forward pass reads (a rotary table's inverse
   * frequencies) that is not trained and not in checkpoints, as HF's {@code register_buffer(..., persistent=False)}.
   * It moves with the parameters in {@link #to(Device)}; the tensor object never changes identity, so holders of it
   * (the rotary classes) see the move.
   */
  protected final Tensor buffer(String name, Tensor value) {
    checkName(name);
    if (localBuffers.containsKey(name) || localParams.containsKey(name)) {
      throw new IllegalArgumentException("duplicate buffer/parameter name '" + name + "' in " + getClass().getSimpleName());
    }
    Tensor t = Scope.keepForever(value);
    localBuffers.put(name, t);
    return t;
  }

  private static void checkName(String name) {
    if (name.isEmpty() || name.startsWith(".") || name.endsWith(".")) {
      throw new IllegalArgumentException("bad module/parameter name '" + name + "'");
    }
  }

  /** All parameters, depth first in registration order, keyed by full dotted name. */
  public final Map<String, Parameter> parameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect("", out);
    return Collections.unmodifiableMap(out);
  }

  private void collect(String prefix, Map<String, Parameter> out) {
    localParams.forEach((n, t) -> out.put(prefix + n, new Parameter(prefix + n, t)));
    children.forEach((n, c) -> c.collect(prefix + n + ".", out));
    inlined.forEach(c -> c.collect(prefix, out));
  }

  /** All non-persistent buffers (see {@link #buffer}), depth first, keyed by full dotted name. */
  public final Map<String, Tensor> buffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collectBuffers("", out);
    return Collections.unmodifiableMap(out);
  }

  private void collectBuffers(String prefix, Map<String, Tensor> out) {
    localBuffers.forEach((n, t) -> out.put(prefix + n, t));
    children.forEach((n, c) -> c.collectBuffers(prefix + n + ".", out));
    inlined.forEach(c -> c.collectBuffers(prefix, out));
  }

  /** Child modules by full dotted name (this module excluded). */
  public final Map<String, Module> modules() {
    Map<String, Module> out = new LinkedHashMap<>();
    children.forEach(
        (n, c) -> {
          out.put(n, c);
          c.modules().forEach((k, v) -> out.put(n + "." + k, v));
        });
    inlined.forEach(c -> out.putAll(c.modules()));
    return out;
  }

  public final boolean isTraining() {
    return training;
  }

  /** Training mode (dropout and similar behave as in training) for this module and its children. */
  public final void train() {
    apply(m -> m.training = true);
  }

  /** Evaluation mode for this module and its children. */
  public final void eval() {
    apply(m -> m.training = false);
  }

  private void apply(Consumer<Module> f) {
    f.accept(this);
    children.values().forEach(c -> c.apply(f));
    inlined.forEach(c -> c.apply(f));
  }

  /** Converts every floating-point parameter to {@code dtype} in place. */
  public final void to(DType dtype) {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException("parameters must stay floating point, not " + dtype);
    }
    for (Parameter p : parameters().values()) {
      if (p.dtype() != dtype) {
        try (Scope s = Scope.open()) {
          p.setData(p.tensor().detach().to(dtype.scalarType()));
        }
      }
    }
  }

  /**
   * Moves every parameter and buffer to {@code device} in place, as PyTorch's {@code module.to(device)}: the tensor
   * objects keep their identity (layers, tied weights and an optimizer built afterwards all see the moved data), only
   * their storage changes. Tensors already there are not touched, so {@code to(Device.CPU)} on a CPU model is free.
   * Build optimizers after the move: gradients and moments are created where the parameters are.
   */
  public final void to(Device device) {
    org.bytedeco.pytorch.Device target = device.toNative();
    java.util.List<Tensor> all = new ArrayList<>();
    parameters().values().forEach(p -> all.add(p.tensor()));
    all.addAll(buffers().values());
    for (Tensor t : all) {
      if (!device.holds(Device.of(t))) {
        try (Scope s = Scope.open(); org.bytedeco.pytorch.NoGradGuard g = new org.bytedeco.pytorch.NoGradGuard()) {
          t.__dispatch_set_data(t.detach().to(target, t.scalar_type()));
        }
      }
    }
  }

  /**
   * Where the parameters are ({@link Device#CPU} for a module without any). Reads the first parameter only, so it is
   * cheap enough to ask per request: {@link #to(Device)} moves all of them together.
   */
  public final Device device() {
    return parameters().values().stream().findFirst().map(p -> Device.of(p.tensor())).orElse(Device.CPU);
  }

  /**
   * Freezes every parameter whose full name matches {@code regex} (find semantics, e.g.
   * {@code "static_expert\\.experts\\.0\\."}); returns how many parameters it froze.
   */
  public final int freeze(String regex) {
    return setTrainable(regex, false);
  }

  /** Makes parameters matching {@code regex} trainable; returns how many matched (frozen before or not). */
  public final int unfreeze(String regex) {
    return setTrainable(regex, true);
  }

  private int setTrainable(String regex, boolean trainable) {
    Pattern p = Pattern.compile(regex);
    int n = 0;
    for (Parameter param : parameters().values()) {
      if (p.matcher(param.name()).find()) {
        param.setTrainable(trainable);
        n++;
      }
    }
    return n;
  }

  /** Number of parameter elements; works on meta-device modules (nothing is allocated). */
  public final long parameterCount() {
    return parameters().values().stream().mapToLong(Parameter::numel).sum();
  }

  public final long trainableParameterCount() {
    return parameters().values().stream().filter(Parameter::isTrainable).mapToLong(Parameter::numel).sum();
  }

  /** The trainable parameter tensors, in order (what an optimizer takes). */
  public final List<Tensor> trainableTensors() {
    List<Tensor> out = new ArrayList<>();
    parameters().values().stream().filter(Parameter::isTrainable).forEach(p -> out.add(p.tensor()));
    return out;
  }

  /**
   * Parameters that share storage with another parameter under a different name (e.g. a tied {@code lm_head.weight}
   * ← {@code model.embed_tokens.weight}). Saving writes only the first name, loading fills it from either; empty by
   * default.
   */
  public Map<String, String> tiedParameters() {
    return Map.of();
  }
}
