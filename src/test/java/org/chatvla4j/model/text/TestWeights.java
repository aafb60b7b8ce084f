package org.chatvla4j.model.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.nn.Module;
import org.chatvla4j.nn.Parameter;

/** Test-side state-dict copy (the project's weight loader lives in another package and is not needed here). */
final class TestWeights {
  private TestWeights() {}

  static Map<String, Tensor> stateDict(Module m) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    m.parameters().forEach((name, p) -> out.put(name, p.tensor()));
    return out;
  }

  /** Copies every tensor into the parameter of the same name; the key sets must match exactly. */
  static void load(Module m, Map<String, Tensor> weights) {
    Map<String, Parameter> params = m.parameters();
    assertEquals(new java.util.TreeSet<>(params.keySet()), new java.util.TreeSet<>(weights.keySet()));
    weights.forEach((name, t) -> params.get(name).tensor().detach().copy_(t));
  }
}
