package org.chatvla4j.world.vqa;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.chatvla4j.world.BlockColor;
import org.chatvla4j.world.BlockShape;

/** A functional program (CLEVR DSL plus the tabletop functions); its last step's value is the answer. */
public record Program(List<ProgramNode> nodes) {
  public Program {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a program needs at least one step");
    }
    for (int i = 0; i < nodes.size(); i++) {
      for (int in : nodes.get(i).inputs()) {
        if (in < 0 || in >= i) {
          throw new IllegalArgumentException("step " + i + " (" + nodes.get(i) + ") reads step " + in
              + "; steps may only read earlier steps");
        }
      }
    }
  }

  /** Steps in order, e.g. {@code scene → filter_color[red] → unique → query_shape}. */
  @Override
  public String toString() {
    return nodes.stream().map(ProgramNode::toString).collect(Collectors.joining(" → "));
  }

  /** Appends steps, each reading the steps whose indices it names. */
  static final class Builder {
    private final List<ProgramNode> nodes = new ArrayList<>();

    int add(String function, String side, int... inputs) {
      List<Integer> in = new ArrayList<>();
      for (int i : inputs) {
        in.add(i);
      }
      nodes.add(new ProgramNode(function, in, side == null ? List.of() : List.of(side)));
      return nodes.size() - 1;
    }

    int scene() {
      return add("scene", null);
    }

    /** filter_color and/or filter_shape for the non-null attributes; returns the input when both are null. */
    int filter(int input, BlockColor color, BlockShape shape) {
      int at = input;
      if (color != null) {
        at = add("filter_color", color.word(), at);
      }
      if (shape != null) {
        at = add("filter_shape", shape.word(), at);
      }
      return at;
    }

    /** scene → filters → unique: the block a referring expression names. */
    int refer(Phrases.Ref ref) {
      return add("unique", null, filter(scene(), ref.filter().color(), ref.filter().shape()));
    }

    Program build() {
      return new Program(nodes);
    }
  }
}
