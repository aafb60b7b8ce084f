package org.chatvla4j.tensor;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * The native-memory discipline of the project: every training step, inference request and test body runs inside a
 * {@code Scope}; every tensor handle created inside is freed when the scope closes, except what {@link #keep} hands
 * to the enclosing scope (or, at the top, to the garbage collector).
 *
 * <pre>{@code
 * Tensor loss;
 * try (Scope step = Scope.open()) {
 *   Tensor logits = model.forward(batch);       // freed at close
 *   loss = step.keep(crossEntropy(logits, y));  // survives the scope
 * }
 * }</pre>
 *
 * <p>Freeing a handle only drops one reference to the storage: tensors held by autograd, by a module's parameters or
 * by another kept handle stay alive. Module parameters are kept for the module's lifetime by {@code nn.Module}.
 */
public final class Scope implements AutoCloseable {
  private final PointerScope scope;
  private final PointerScope parent;

  private Scope(PointerScope parent, PointerScope scope) {
    this.parent = parent;
    this.scope = scope;
  }

  /** Opens a scope nested in the current thread's innermost one. */
  public static Scope open() {
    Engine.start();
    PointerScope parent = PointerScope.getInnerScope();
    return new Scope(parent, new PointerScope());
  }

  /**
   * Moves {@code p} out of this scope so it outlives {@link #close()}: into the enclosing scope if there is one (freed
   * when that closes), otherwise to the garbage collector. Returns {@code p}.
   */
  public <P extends Pointer> P keep(P p) {
    if (parent != null) {
      parent.attach(p);
    } else {
      p.retainReference();
    }
    return p;
  }

  /** Keeps {@code p} beyond every scope: it lives until the garbage collector frees it (used for module state). */
  public static <P extends Pointer> P keepForever(P p) {
    p.retainReference();
    return p;
  }

  @Override
  public void close() {
    scope.close();
  }
}
