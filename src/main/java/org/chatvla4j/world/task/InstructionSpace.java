package org.chatvla4j.world.task;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TaskFamily;

/**
 * Every instruction of a family, as the original's {@code generate_all_instructions} enumerates them: blocks are
 * always named "{color} {shape}" here (the enumerators do not use the referring-expression synonyms), and each
 * enumerator keeps its own verb list. The lists keep the original's duplicates (separate has some); use {@link
 * #unique} to count distinct strings (tabletop-benchmark.md §5, "Instruction-space size").
 */
public final class InstructionSpace {
  private InstructionSpace() {}

  public static List<String> enumerate(TaskFamily family, BlockSet set) {
    List<String> names = set.vocabulary().stream().map(BlockId::words).toList();
    List<String> out = new ArrayList<>();
    switch (family) {
      case BLOCK2BLOCK -> {
        for (String a : names) {
          for (String b : names) {
            if (a.equals(b)) continue;
            for (String verb : Synonyms.PUSH_VERBS) {
              for (String prep : Synonyms.PREPOSITIONS) {
                out.add(verb + " " + a + " " + prep + " " + b);
              }
            }
          }
        }
      }
      case POINT2BLOCK -> {
        for (String a : names) {
          for (String prep : Synonyms.POINT_PREPOSITIONS) {
            out.add(prep + " " + a);
          }
        }
      }
      case BLOCK2ABSOLUTELOCATION -> {
        for (String a : names) {
          for (AbsoluteLocation loc : AbsoluteLocation.values()) {
            for (String locText : loc.synonyms()) {
              for (String verb : TaskSampler.LOCATION_VERBS) {
                out.add(verb + " " + a + " to the " + locText);
              }
            }
          }
        }
      }
      case BLOCK2RELATIVELOCATION -> {
        for (String a : names) {
          for (String verb : TaskSampler.LOCATION_VERBS) {
            for (Direction d : Direction.values()) {
              for (String dirText : directionPhrases(d)) {
                out.add("slightly " + verb + " " + a + " " + dirText);
                for (String sl : TaskSampler.SLIGHTLY_SYNONYMS) {
                  out.add(verb + " " + a + " " + sl + " " + dirText);
                  out.add(verb + " " + a + " " + dirText + " " + sl);
                }
                out.add(verb + " " + a + " " + dirText);
              }
            }
          }
        }
      }
      case BLOCK2BLOCKRELATIVELOCATION -> {
        for (String a : names) {
          for (String b : names) {
            if (a.equals(b)) continue;
            for (String verb : TaskSampler.BLOCK_RELATIVE_VERBS) {
              for (Direction d : Direction.values()) {
                for (String dirText : TaskSampler.RELATIVE_TO_BLOCK_SYNONYMS.get(d)) {
                  out.add(verb + " " + a + " " + dirText + " " + b);
                }
              }
            }
          }
        }
      }
      case SEPARATE -> {
        for (String a : names) {
          for (int idx = 1; idx < names.size(); idx++) {
            // The original avoids the first idx names, the block itself included (a quirk kept here).
            List<String> avoid = names.subList(0, idx);
            for (String group : TaskSampler.GROUP_SYNONYMS) {
              String avoidText = TaskSampler.avoidPhrase(avoid, names.size(), group, null);
              for (String template : TaskSampler.SEPARATE_TEMPLATES) {
                out.add(String.format(template, a, avoidText));
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** Distinct instructions, in first-seen order. */
  public static Set<String> unique(List<String> instructions) {
    return new LinkedHashSet<>(instructions);
  }

  /** Every phrase of a relative-location direction: a cardinal synonym, or a diagonal template filled every way. */
  static List<String> directionPhrases(Direction d) {
    if (!d.diagonal()) {
      return TaskSampler.DIRECTION_SYNONYMS.get(d);
    }
    List<String> out = new ArrayList<>();
    for (String first : TaskSampler.DIRECTION_SYNONYMS.get(d.vertical())) {
      for (String second : TaskSampler.DIRECTION_SYNONYMS.get(d.horizontal())) {
        for (String template : TaskSampler.DIAGONAL_TEMPLATES) {
          out.add(String.format(template, first, second));
        }
      }
    }
    return out;
  }
}
