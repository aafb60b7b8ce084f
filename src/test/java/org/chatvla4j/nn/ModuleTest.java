package org.chatvla4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.junit.jupiter.api.Test;

class ModuleTest {
  static final class Block extends Module {
    Block(Init init) {
      register("q_proj", Linear.withBias(init, 8, 8));
      register("o_proj", Linear.withoutBias(init, 8, 8));
      register("input_layernorm", new RmsNorm(init, 8, 1e-6));
    }
  }

  static final class Stack extends Module {
    Stack(Init init, int layers) {
      Module model = register("model", new Module() {});
      for (int i = 0; i < layers; i++) {
        model.register("layers." + i, new Block(init));
      }
    }
  }

  @Test
  void namesAreHuggingFaceDottedPathsInRegistrationOrder() {
    try (Scope s = Scope.open()) {
      Stack m = new Stack(Init.cpu(DType.F32, 0), 2);
      List<String> names = List.copyOf(m.parameters().keySet());
      assertEquals(List.of(
          "model.layers.0.q_proj.weight", "model.layers.0.q_proj.bias", "model.layers.0.o_proj.weight",
          "model.layers.0.input_layernorm.weight", "model.layers.1.q_proj.weight", "model.layers.1.q_proj.bias",
          "model.layers.1.o_proj.weight", "model.layers.1.input_layernorm.weight"), names);
      assertEquals(2 * (64 + 8 + 64 + 8), m.parameterCount());
    }
  }

  @Test
  void metaModulesCountWithoutAllocating() {
    Stack big = new Stack(Init.meta(DType.BF16), 4);
    assertEquals(4 * (64 + 8 + 64 + 8), big.parameterCount());
    assertTrue(big.parameters().values().iterator().next().tensor().is_meta());
  }

  @Test
  void freezeByPatternAndDtypeCast() {
    try (Scope s = Scope.open()) {
      Stack m = new Stack(Init.cpu(DType.F32, 0), 2);
      assertEquals(2, m.freeze("layers\\.1\\.q_proj\\."));
      assertEquals(2 * 144 - 72, m.trainableParameterCount());
      assertEquals(4, m.unfreeze("q_proj")); // counts matches, frozen or not
      m.to(DType.BF16);
      assertTrue(m.parameters().values().stream().allMatch(p -> p.dtype() == DType.BF16));
      assertTrue(m.parameters().values().stream().allMatch(Parameter::isTrainable), "dtype cast keeps trainability");
    }
  }

  @Test
  void duplicateNamesAreRejected() {
    Init init = Init.meta(DType.F32);
    Module m = new Module() {};
    m.register("a", new RmsNorm(init, 2, 1e-6));
    var e = assertThrows(IllegalArgumentException.class, () -> m.register("a", new RmsNorm(init, 2, 1e-6)));
    assertTrue(e.getMessage().contains("'a'"));
  }

  @Test
  void inlinedModulesShareTheParentPrefix() {
    Init init = Init.meta(DType.F32);
    Module head = new Module() {};
    head.register("policy_head", new RmsNorm(init, 2, 1e-6));
    head.register("reasoning_film", new RmsNorm(init, 2, 1e-6));
    Module root = new Module() {};
    root.register("model", new RmsNorm(init, 2, 1e-6));
    root.inline(head);
    assertEquals(List.of("model.weight", "policy_head.weight", "reasoning_film.weight"), List.copyOf(root.parameters().keySet()));
    var e = assertThrows(IllegalArgumentException.class, () -> root.register("policy_head", new RmsNorm(init, 2, 1e-6)));
    assertTrue(e.getMessage().contains("'policy_head'"), e.getMessage());
  }
}
