package org.chatvla4j.world;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Language-Table's task families (tabletop-benchmark.md §5). The first five are the official eval families in the
 * order of {@code eval/main.py}; {@link #POINT2BLOCK} is outside the eval.
 */
public enum TaskFamily {
  BLOCK2BLOCK("block2block", "blocktoblock"),
  BLOCK2ABSOLUTELOCATION("block2absolutelocation", "blocktoabsolutelocation"),
  BLOCK2BLOCKRELATIVELOCATION("block2blockrelativelocation", "blocktoblockrelativelocation"),
  BLOCK2RELATIVELOCATION("block2relativelocation", "blocktorelativelocation"),
  SEPARATE("separate", "separate"),
  POINT2BLOCK("point2block", "pointtoblock");

  /** The five families of the official eval protocol. */
  public static final List<TaskFamily> EVAL_FAMILIES =
      List.of(BLOCK2BLOCK, BLOCK2ABSOLUTELOCATION, BLOCK2BLOCKRELATIVELOCATION, BLOCK2RELATIVELOCATION, SEPARATE);

  private final String id;
  private final String evalKey;

  TaskFamily(String id, String evalKey) {
    this.id = id;
    this.evalKey = evalKey;
  }

  /** The name used on the command line and in reports, e.g. {@code block2block}. */
  public String id() {
    return id;
  }

  /** The key of {@code eval/main.py} and the oracle datasets, e.g. {@code blocktoblock}. */
  public String evalKey() {
    return evalKey;
  }

  /** Parses an id or eval key, case-insensitively; the error lists the valid names. */
  public static TaskFamily parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (TaskFamily f : values()) {
      if (f.id.equals(n) || f.evalKey.equals(n) || f.name().toLowerCase(Locale.ROOT).equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown task family '" + name + "'; valid: " + Arrays.stream(values()).map(TaskFamily::id).toList());
  }

  @Override
  public String toString() {
    return id;
  }
}
