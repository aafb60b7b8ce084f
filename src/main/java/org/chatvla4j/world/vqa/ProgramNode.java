package org.chatvla4j.world.vqa;

import java.util.List;
import java.util.Objects;

/**
 * One step of a functional program in CLEVR's layout: a function name, the indices of earlier steps it reads and its
 * literal arguments ({@code side_inputs}, e.g. {@code ["red"]} for {@code filter_color}).
 */
public record ProgramNode(String function, List<Integer> inputs, List<String> sideInputs) {
  public ProgramNode {
    Objects.requireNonNull(function, "function");
    inputs = List.copyOf(inputs);
    sideInputs = List.copyOf(sideInputs);
  }

  @Override
  public String toString() {
    return sideInputs.isEmpty() ? function : function + "[" + String.join(",", sideInputs) + "]";
  }
}
