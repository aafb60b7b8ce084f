package org.chatvla4j.world.vqa;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.chatvla4j.world.BlockColor;
import org.chatvla4j.world.BlockShape;

/** Noun phrases for filters and blocks, with Language-Table's referring expressions, and seeded choices. */
final class Phrases {
  private Phrases() {}

  /** An attribute filter; a null attribute is CLEVR's NULL (matches anything; a null shape reads "block"). */
  record Filter(BlockColor color, BlockShape shape) {
    private static final List<Filter> ALL = enumerate();

    /** The 25 filters: each color or none × each shape or none. */
    static List<Filter> all() {
      return ALL;
    }

    private static List<Filter> enumerate() {
      List<Filter> out = new ArrayList<>();
      List<BlockColor> colors = new ArrayList<>(List.of(BlockColor.values()));
      colors.add(null);
      List<BlockShape> shapes = new ArrayList<>(List.of(BlockShape.values()));
      shapes.add(null);
      for (BlockColor c : colors) {
        for (BlockShape s : shapes) {
          out.add(new Filter(c, s));
        }
      }
      return java.util.Collections.unmodifiableList(out);
    }

    boolean isEmpty() {
      return color == null && shape == null;
    }

    int mask(SceneFacts f) {
      return f.filterMask(color, shape);
    }

    /** "red moon", "red block", "moon", "block". */
    String singular() {
      String noun = shape == null ? "block" : shape.word();
      return color == null ? noun : color.word() + " " + noun;
    }

    String plural() {
      return singular() + "s";
    }

    /** Whether every block this filter matches is also matched by {@code other}, on any scene. */
    boolean narrowerOrEqual(Filter other) {
      return (other.color == null || other.color == color) && (other.shape == null || other.shape == shape);
    }

    void putParams(Map<String, String> params, String prefix) {
      params.put(prefix + "_color", color == null ? "" : color.word());
      params.put(prefix + "_shape", shape == null ? "" : shape.word());
    }
  }

  /** Language-Table's three ways to name a block (rewards/synonyms.py). */
  enum RefStyle {
    /** "red block": only when the color is unique on the table. */
    COLOR,
    /** "moon": only when the shape is unique on the table. */
    SHAPE,
    /** "red moon": always unique, the 16 blocks being distinct. */
    COLOR_AND_SHAPE
  }

  /** A referring expression for block {@code index}. */
  record Ref(int index, RefStyle style, Filter filter) {
    String phrase() {
      return filter.singular();
    }

    void putParams(Map<String, String> params, String prefix, SceneFacts f) {
      params.put(prefix, f.id(index).name());
      params.put(prefix + "_phrase", phrase());
    }
  }

  static final Set<RefStyle> ANY_STYLE = EnumSet.allOf(RefStyle.class);
  static final Set<RefStyle> WITHOUT_COLOR = EnumSet.of(RefStyle.SHAPE);
  static final Set<RefStyle> WITHOUT_SHAPE = EnumSet.of(RefStyle.COLOR);
  static final Set<RefStyle> NOT_COLOR_ONLY = EnumSet.of(RefStyle.SHAPE, RefStyle.COLOR_AND_SHAPE);
  static final Set<RefStyle> NOT_SHAPE_ONLY = EnumSet.of(RefStyle.COLOR, RefStyle.COLOR_AND_SHAPE);

  /** The valid referring expressions of a block among the allowed styles, in shuffled order. */
  static List<Ref> refs(SceneFacts f, int index, Set<RefStyle> allowed, RandomGenerator rng) {
    BlockColor c = f.id(index).color();
    BlockShape s = f.id(index).shape();
    List<Ref> out = new ArrayList<>(3);
    if (allowed.contains(RefStyle.COLOR) && Integer.bitCount(f.filterMask(c, null)) == 1) {
      out.add(new Ref(index, RefStyle.COLOR, new Filter(c, null)));
    }
    if (allowed.contains(RefStyle.SHAPE) && Integer.bitCount(f.filterMask(null, s)) == 1) {
      out.add(new Ref(index, RefStyle.SHAPE, new Filter(null, s)));
    }
    if (allowed.contains(RefStyle.COLOR_AND_SHAPE)) {
      out.add(new Ref(index, RefStyle.COLOR_AND_SHAPE, new Filter(c, s)));
    }
    shuffle(out, rng);
    return out;
  }

  /** All references to all blocks, shuffled: the outer loop of most templates. */
  static List<Ref> allRefs(SceneFacts f, Set<RefStyle> allowed, RandomGenerator rng) {
    List<Ref> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      out.addAll(refs(f, i, allowed, rng));
    }
    shuffle(out, rng);
    return out;
  }

  static <T> List<T> shuffled(List<T> items, RandomGenerator rng) {
    List<T> copy = new ArrayList<>(items);
    shuffle(copy, rng);
    return copy;
  }

  static <T> void shuffle(List<T> items, RandomGenerator rng) {
    for (int i = items.size() - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      T t = items.get(i);
      items.set(i, items.get(j));
      items.set(j, t);
    }
  }

  static String pick(RandomGenerator rng, List<String> options) {
    return options.get(rng.nextInt(options.size()));
  }

  /** Fills {@code {name}} slots; every slot must have a value. */
  static String fill(String template, Map<String, String> slots) {
    String out = template;
    for (Map.Entry<String, String> e : slots.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getValue());
    }
    if (out.indexOf('{') >= 0) {
      throw new IllegalStateException("unfilled slot in '" + out + "'");
    }
    return out;
  }

  static Map<String, String> params() {
    return new LinkedHashMap<>();
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
