package org.chatvla4j.world.vqa;

import java.util.List;
import java.util.Locale;
import org.chatvla4j.world.BlockColor;
import org.chatvla4j.world.BlockShape;

/**
 * Runs a {@link Program} on {@link SceneFacts}. Functions: CLEVR's {@code scene, filter_color, filter_shape, unique,
 * relate, count, exist, query_color, query_shape, same_color, same_shape, equal_color, equal_shape, equal_integer,
 * less_than, greater_than}, and for the tabletop {@code filter_region, query_region, closest, closest_to_effector,
 * query_name, next_to, filter_next_to, heading_from_effector}. Like CLEVR's {@code relate} and {@code same_*}, the
 * set-valued ones exclude the block they start from. The single-block queries whose answer could be read either way
 * ({@code query_region}, {@code next_to}, {@code heading_from_effector}) are {@link Value.Invalid} in every reading
 * instead of differing between readings.
 */
public final class ProgramExecutor {
  private ProgramExecutor() {}

  /** The value of the program's last step in the given reading; {@link Value.Invalid} when it has none. */
  public static Value answer(Program program, SceneFacts facts, EvalMode mode) {
    List<ProgramNode> nodes = program.nodes();
    Value[] out = new Value[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      ProgramNode node = nodes.get(i);
      Value[] in = new Value[node.inputs().size()];
      for (int k = 0; k < in.length; k++) {
        in[k] = out[node.inputs().get(k)];
      }
      out[i] = step(node, in, facts, mode);
      if (out[i] instanceof Value.Invalid) {
        return out[i];
      }
    }
    return out[nodes.size() - 1];
  }

  /**
   * The answer when the program has one and it does not depend on the reading of near-threshold pairs; otherwise
   * {@link Value.Invalid} saying why.
   */
  public static Value unambiguousAnswer(Program program, SceneFacts facts) {
    Value nominal = answer(program, facts, EvalMode.NOMINAL);
    if (nominal instanceof Value.Invalid) {
      return nominal;
    }
    return unambiguous(program, facts, nominal);
  }

  /** {@code nominal} when the STRICT and LENIENT readings agree with it, else {@link Value.Invalid}. */
  static Value unambiguous(Program program, SceneFacts facts, Value nominal) {
    for (EvalMode mode : new EvalMode[] {EvalMode.STRICT, EvalMode.LENIENT}) {
      Value other = answer(program, facts, mode);
      if (!other.equals(nominal)) {
        return new Value.Invalid("ambiguous: " + mode + " reading gives " + other + ", nominal " + nominal);
      }
    }
    return nominal;
  }

  private static Value step(ProgramNode node, Value[] in, SceneFacts f, EvalMode mode) {
    List<String> side = node.sideInputs();
    return switch (node.function()) {
      case "scene" -> new Value.Blocks(f.allMask());
      case "filter_color" -> new Value.Blocks(set(in[0]) & f.filterMask(BlockColor.valueOf(upper(side)), null));
      case "filter_shape" -> new Value.Blocks(set(in[0]) & f.filterMask(null, BlockShape.valueOf(upper(side))));
      case "filter_region" -> new Value.Blocks(set(in[0]) & f.inRegion(mode, Region.valueOf(upper(side))));
      case "unique" -> {
        int m = set(in[0]);
        yield Integer.bitCount(m) == 1
            ? new Value.Block(Integer.numberOfTrailingZeros(m))
            : new Value.Invalid("unique: " + Integer.bitCount(m) + " blocks match");
      }
      case "relate" -> new Value.Blocks(f.related(mode, Relation.valueOf(upper(side)), block(in[0])));
      case "count" -> new Value.Number(Integer.bitCount(set(in[0])));
      case "exist" -> new Value.Bool(set(in[0]) != 0);
      case "query_color" -> new Value.Word(f.id(block(in[0])).color().word());
      case "query_shape" -> new Value.Word(f.id(block(in[0])).shape().word());
      case "query_name" -> new Value.Word(f.id(block(in[0])).words());
      case "query_region" -> {
        int b = block(in[0]);
        yield f.regionAmbiguous(b)
            ? new Value.Invalid("query_region: " + f.id(b) + " is within the margin of a region boundary")
            : new Value.Word(f.region(b).answer());
      }
      case "same_color" -> {
        int b = block(in[0]);
        yield new Value.Blocks(f.filterMask(f.id(b).color(), null) & ~(1 << b));
      }
      case "same_shape" -> {
        int b = block(in[0]);
        yield new Value.Blocks(f.filterMask(null, f.id(b).shape()) & ~(1 << b));
      }
      case "equal_color", "equal_shape" -> new Value.Bool(word(in[0]).equals(word(in[1])));
      case "equal_integer" -> new Value.Bool(number(in[0]) == number(in[1]));
      case "less_than" -> new Value.Bool(number(in[0]) < number(in[1]));
      case "greater_than" -> new Value.Bool(number(in[0]) > number(in[1]));
      case "closest" -> {
        int c = f.closestTo(block(in[0]));
        yield c < 0 ? new Value.Invalid("closest: no clear nearest block") : new Value.Block(c);
      }
      case "closest_to_effector" -> {
        int c = f.closestToEffector();
        yield c < 0 ? new Value.Invalid("closest_to_effector: no clear nearest block") : new Value.Block(c);
      }
      case "next_to" -> {
        int a = block(in[0]);
        int b = block(in[1]);
        if (a == b) {
          yield new Value.Invalid("next_to: a block is not next to itself");
        }
        yield f.nextToAmbiguous(a, b)
            ? new Value.Invalid("next_to: distance within the margin of the threshold")
            : new Value.Bool((f.nextTo(EvalMode.NOMINAL, a) & (1 << b)) != 0);
      }
      case "filter_next_to" -> new Value.Blocks(f.nextTo(mode, block(in[0])));
      case "heading_from_effector" -> headingFromEffector(f, block(in[0]));
      default -> throw new IllegalArgumentException("unknown program function '" + node.function() + "'");
    };
  }

  /**
   * The heading from the arm to block b, unless a viewer could name the neighbouring heading as well: the block lies
   * near the line between two headings, or so near the arm that a few millimetres turn the heading.
   */
  private static Value headingFromEffector(SceneFacts f, int b) {
    VqaConfig c = f.config();
    double distance = f.distanceToEffector(b);
    if (distance < c.headingMinDistance()) {
      return new Value.Invalid(String.format(Locale.ROOT,
          "heading_from_effector: %s is %.3f m from the arm, closer than %.3f m", f.id(b), distance,
          c.headingMinDistance()));
    }
    double toBoundary = f.headingDegreesToBoundary(b);
    if (toBoundary < c.headingMarginDegrees()) {
      return new Value.Invalid(String.format(Locale.ROOT,
          "heading_from_effector: %s lies %.1f° from a heading boundary, within %.1f°", f.id(b), toBoundary,
          c.headingMarginDegrees()));
    }
    return new Value.Word(f.headingFromEffector(b).words());
  }

  private static String upper(List<String> side) {
    if (side.size() != 1) {
      throw new IllegalArgumentException("expected one side input, got " + side);
    }
    return side.get(0).toUpperCase(Locale.ROOT);
  }

  private static int set(Value v) {
    if (v instanceof Value.Blocks b) {
      return b.mask();
    }
    throw new IllegalArgumentException("expected a block set, got " + v);
  }

  private static int block(Value v) {
    if (v instanceof Value.Block b) {
      return b.index();
    }
    throw new IllegalArgumentException("expected a block, got " + v);
  }

  private static int number(Value v) {
    if (v instanceof Value.Number n) {
      return n.value();
    }
    throw new IllegalArgumentException("expected a number, got " + v);
  }

  private static String word(Value v) {
    if (v instanceof Value.Word w) {
      return w.text();
    }
    throw new IllegalArgumentException("expected a word, got " + v);
  }
}
