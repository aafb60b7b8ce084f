package org.chatvla4j.world.task;

import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.world.BlockId;

/** Word lists shared by the families ({@code rewards/synonyms.py}) and the referring-expression rule. */
public final class Synonyms {
  private Synonyms() {}

  public static final List<String> PUSH_VERBS = List.of("push the", "move the", "slide the", "put the");

  public static final List<String> PREPOSITIONS = List.of("to the", "towards the", "close to the", "next to the");

  public static final List<String> POINT_PREPOSITIONS =
      List.of(
          "point next to the",
          "point close to the",
          "point to the",
          "point at the",
          "move the arm next to the",
          "move the arm close to the",
          "move the arm to the",
          "move your arm next to the",
          "move your arm close to the",
          "move your arm to the",
          "move next to the",
          "move close to the",
          "move to the");

  /**
   * The ways to name {@code block} given the blocks on the table: "{color} block" if its color is unique, "{shape}"
   * if its shape is unique, and always "{color} {shape}" ({@code get_block_synonyms}).
   */
  public static List<String> blockSynonyms(BlockId block, List<BlockId> onTable) {
    long sameColor = onTable.stream().filter(b -> b.color() == block.color()).count();
    long sameShape = onTable.stream().filter(b -> b.shape() == block.shape()).count();
    List<String> out = new ArrayList<>(3);
    if (sameColor == 1) {
      out.add(block.color().word() + " block");
    }
    if (sameShape == 1) {
      out.add(block.shape().word());
    }
    out.add(block.words());
    return out;
  }
}
