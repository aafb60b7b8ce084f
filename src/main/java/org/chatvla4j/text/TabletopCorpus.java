package org.chatvla4j.text;

import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.world.BlockColor;
import org.chatvla4j.world.BlockShape;

/**
 * The sentences the tiny tabletop tokenizer is trained on: Language-Table's instruction templates and synonyms
 * ({@code rewards/synonyms.py} and the per-family templates, tabletop-benchmark.md §5), CLEVR-style questions and
 * answers adapted to the four colors and four shapes (§9), the oracle's sub-step reasoning sentences, and the
 * Qwen2-VL chat scaffolding. Each group is a list in a fixed order, so the generated tokenizer is deterministic.
 */
public final class TabletopCorpus {
  static final List<String> PUSH_VERBS = List.of("push the", "move the", "slide the", "put the");
  static final List<String> PREPOSITIONS = List.of("to the", "towards the", "close to the", "next to the");
  static final List<String> POINT_PREPOSITIONS = List.of("point next to the", "point close to the", "point to the",
      "point at the", "move the arm next to the", "move the arm close to the", "move the arm to the",
      "move your arm next to the", "move your arm close to the", "move your arm to the", "move next to the",
      "move close to the", "move to the");
  /** Absolute-location synonyms, 9 locations (block2absolutelocation). */
  static final List<List<String>> LOCATION_SYNONYMS = List.of(
      List.of("top side", "top", "towards your base"),
      List.of("top left of the board", "top left", "upper left corner", "top left corner"),
      List.of("top right of the board", "top right", "upper right corner", "top right corner"),
      List.of("middle of the board", "center of the board", "center", "middle"),
      List.of("left side of the board", "center left", "left side"),
      List.of("right side of the board", "center right", "right side"),
      List.of("bottom side", "bottom"),
      List.of("bottom left of the board", "bottom left", "lower left corner", "bottom left corner"),
      List.of("bottom right of the board", "bottom right", "lower right corner", "bottom right corner"));
  /** The 9 region names used in answers and reasoning. */
  static final List<String> LOCATIONS = List.of("top", "top left", "top right", "center", "center left",
      "center right", "bottom", "bottom left", "bottom right");
  static final List<String> RELATIVE_VERBS = List.of("move the", "push the", "slide the");
  static final List<List<String>> DIRECTIONS = List.of(
      List.of("up", "upwards"), List.of("down", "downwards"), List.of("to the left", "left"),
      List.of("to the right", "right"));
  static final List<String> DIAGONAL_FORMS = List.of("%s and %s", "%s and then %s", "diagonally %s and %s",
      "%s and %s diagonally");
  static final List<String> SLIGHTLY = List.of("slightly", "a bit", "a little", "a little bit", "somewhat");
  /** block2blockrelativelocation direction synonyms, each followed by the target block. */
  static final List<String> BLOCK_RELATIONS = List.of("above the", "to the top side of the", "to the top of the",
      "below the", "to the bottom side of the", "to the bottom of the", "just left of the", "to the left of the",
      "left of the", "to the left side of the", "just right of the", "to the right of the", "right of the",
      "to the right side of the", "to the top left side of the", "to the top left of the",
      "diagonally up and to the left of the", "to the top right side of the", "to the top right of the",
      "diagonally up and to the right of the", "to the bottom left side of the", "to the bottom left of the",
      "diagonally down and to the left of the", "to the bottom right side of the", "to the bottom right of the",
      "diagonally down and to the right of the");
  static final List<String> SEPARATE_TEMPLATES = List.of("pull the %s apart from the %s", "move the %s away from the %s",
      "separate the %s from the %s");
  static final List<String> GROUP_WORDS = List.of("group", "clump", "group of blocks", "rest of the blocks");
  /** CLEVR-style spatial relations in the table frame (left/right, above/below, behind/in front of). */
  static final List<String> QUESTION_RELATIONS = List.of("left of", "right of", "to the left of", "to the right of",
      "on the left side of", "on the right side of", "above", "below", "behind", "in front of");

  private TabletopCorpus() {}

  /** "red moon", "blue cube", ...: the 16 color-shape names. */
  static List<String> blockNames() {
    List<String> out = new ArrayList<>();
    for (BlockColor c : BlockColor.values()) {
      for (BlockShape s : BlockShape.values()) {
        out.add(c.word() + " " + s.word());
      }
    }
    return out;
  }

  /** Every referring expression: "red moon", "red block", "moon". */
  static List<String> referringExpressions() {
    List<String> out = new ArrayList<>(blockNames());
    for (BlockColor c : BlockColor.values()) {
      out.add(c.word() + " block");
    }
    for (BlockShape s : BlockShape.values()) {
      out.add(s.word());
    }
    return out;
  }

  /** Language-Table instructions of the six families (block names in the "{color} {shape}" form only, except separate). */
  public static List<String> instructions() {
    List<String> out = new ArrayList<>();
    List<String> blocks = blockNames();
    for (String verb : PUSH_VERBS) {
      for (String a : blocks) {
        for (String prep : PREPOSITIONS) {
          for (String b : blocks) {
            if (!a.equals(b)) {
              out.add(verb + " " + a + " " + prep + " " + b);
            }
          }
        }
        for (List<String> synonyms : LOCATION_SYNONYMS) {
          for (String loc : synonyms) {
            out.add(verb + " " + a + " to the " + loc);
          }
        }
        for (String rel : BLOCK_RELATIONS) {
          out.add(verb + " " + a + " " + rel + " " + blocks.get((blocks.indexOf(a) + 5) % blocks.size()));
        }
      }
    }
    for (String verb : RELATIVE_VERBS) {
      for (String a : referringExpressions()) {
        for (String dir : directionPhrases()) {
          out.add(verb + " " + a + " " + dir);
          for (String sl : SLIGHTLY) {
            out.add(verb + " " + a + " " + sl + " " + dir);
          }
          out.add("slightly " + verb + " " + a + " " + dir);
        }
      }
    }
    for (String prep : POINT_PREPOSITIONS) {
      for (String a : referringExpressions()) {
        out.add(prep + " " + a);
      }
    }
    for (String template : SEPARATE_TEMPLATES) {
      for (String a : blocks) {
        for (String avoid : avoidStrings(a)) {
          out.add(template.formatted(a, avoid));
        }
      }
    }
    return out;
  }

  /** Far and diagonal direction phrases: "up", "to the left", "diagonally up and left", ... */
  static List<String> directionPhrases() {
    List<String> out = new ArrayList<>();
    for (List<String> d : DIRECTIONS) {
      out.addAll(d);
    }
    for (String vertical : List.of("up", "down")) {
      for (String horizontal : List.of("left", "right")) {
        for (String form : DIAGONAL_FORMS) {
          out.add(form.formatted(vertical, horizontal));
        }
      }
    }
    return out;
  }

  private static List<String> avoidStrings(String block) {
    List<String> blocks = blockNames();
    int i = blocks.indexOf(block);
    String b = blocks.get((i + 1) % 16);
    String c = blocks.get((i + 6) % 16);
    String d = blocks.get((i + 11) % 16);
    List<String> out = new ArrayList<>(List.of(b, b + " and " + c, b + ", " + c + ", and " + d));
    out.addAll(GROUP_WORDS);
    return out;
  }

  /**
   * The oracle's sub-step sentences, capitalised with a full stop, each followed by the action cue as in a robot
   * sample's target ({@code "Move behind the red moon.Next Action:"}). "Done." closes every episode, so it is listed
   * once per block to weigh it like the per-block sentences.
   */
  public static List<String> reasoning() {
    List<String> out = new ArrayList<>();
    for (String sentence : reasoningSentences()) {
      out.add(sentence + PromptBuilder.ACTION_CUE);
    }
    return out;
  }

  /** The sub-step sentences without the cue. */
  public static List<String> reasoningSentences() {
    List<String> out = new ArrayList<>();
    List<String> blocks = blockNames();
    for (String a : blocks) {
      out.add("Done.");
      out.add("Move behind the " + a + ".");
      out.add("Move next to the " + a + ".");
      out.add("Turn the " + a + ".");
      for (String loc : LOCATIONS) {
        out.add("Push the " + a + " towards the " + loc + " corner.");
        out.add("Push the " + a + " towards the " + loc + ".");
      }
      for (String b : blocks) {
        if (!a.equals(b)) {
          out.add("Push the " + a + " towards the " + b + ".");
        }
      }
      for (List<String> d : DIRECTIONS) {
        out.add("Push the " + a + " " + d.get(0) + ".");
      }
      out.add("Push the " + a + " away from the others.");
    }
    out.add("Move to the start position.");
    return out;
  }

  /** CLEVR-style questions about colors, shapes, counts, existence, relations, regions and closeness. */
  public static List<String> questions() {
    List<String> out = new ArrayList<>();
    List<String> blocks = blockNames();
    out.add("How many blocks are there?");
    out.add("How many blocks are in the top half?");
    out.add("How many blocks are in the left half?");
    for (BlockColor c : BlockColor.values()) {
      out.add("How many " + c.word() + " blocks are there?");
      out.add("Are there any " + c.word() + " blocks?");
      for (BlockColor c2 : BlockColor.values()) {
        if (c != c2) {
          out.add("Are there more " + c.word() + " blocks than " + c2.word() + " blocks?");
          out.add("Are there fewer " + c.word() + " blocks than " + c2.word() + " blocks?");
          out.add("Are there the same number of " + c.word() + " blocks and " + c2.word() + " blocks?");
        }
      }
    }
    for (BlockShape s : BlockShape.values()) {
      out.add("How many " + s.word() + "s are there?");
      out.add("Is there a " + s.word() + "?");
    }
    for (String a : blocks) {
      out.add("Is there a " + a + "?");
      out.add("Which region is the " + a + " in?");
      out.add("Which block is closest to the " + a + "?");
      out.add("How many blocks are left of the " + a + "?");
      String b = blocks.get((blocks.indexOf(a) + 7) % 16);
      out.add("Is the " + a + " next to the " + b + "?");
      out.add("Do the " + a + " and the " + b + " have the same color?");
      out.add("Do the " + a + " and the " + b + " have the same shape?");
      for (String rel : QUESTION_RELATIONS) {
        out.add("Is the " + a + " " + rel + " the " + b + "?");
        out.add("What color is the thing " + rel + " the " + a + "?");
        out.add("What shape is the object " + rel + " the " + a + "?");
        out.add("How many blocks are " + rel + " the " + a + "?");
      }
    }
    return out;
  }

  /** Single answers: yes/no, counts 0-10, colors, shapes, regions, block names. */
  public static List<String> answers() {
    List<String> out = new ArrayList<>(List.of("yes", "no", "Yes.", "No."));
    for (int n = 0; n <= 10; n++) {
      out.add(Integer.toString(n));
    }
    for (BlockColor c : BlockColor.values()) {
      out.add(c.word());
    }
    for (BlockShape s : BlockShape.values()) {
      out.add(s.word());
    }
    out.addAll(LOCATIONS);
    out.addAll(blockNames());
    return out;
  }

  /** Scene captions for the caption/question pre-training stage. */
  public static List<String> captions() {
    List<String> out = new ArrayList<>();
    List<String> blocks = blockNames();
    for (String a : blocks) {
      for (String loc : LOCATIONS) {
        out.add("There is a " + a + " at the " + loc + ".");
      }
      String b = blocks.get((blocks.indexOf(a) + 3) % 16);
      out.add("The " + a + " is to the left of the " + b + ".");
      out.add("The " + a + " is above the " + b + ".");
      out.add("The " + a + " is next to the " + b + ".");
    }
    out.add("There are 8 blocks on the table.");
    out.add("Describe the scene.");
    out.add("What do you see?");
    return out;
  }

  /** The chat scaffolding: role names, Qwen's default system prompt, the two mode prompts. */
  public static List<String> chat() {
    return List.of("system", "user", "assistant", ChatTemplate.DEFAULT_SYSTEM_PROMPT, "Predict robot action.",
        "Answer based on question.");
  }

  /**
   * Everyday chat for the playground (greetings, requests, questions about the robot). The tabletop groups need
   * about 330 merges to make every one of their words a single token; these sentences spend the rest of the 512 ids
   * on common English, so free-form user text costs fewer character-level tokens.
   */
  public static List<String> conversation() {
    return List.of("Hello! How are you today?", "Hi, can you help me with this?", "Thank you, that was very good.",
        "Please tell me what you can see on the table.", "What are you doing now?", "I am pushing a block.",
        "Could you put all blocks in a line?", "Where is it? I do not know where it went.",
        "Which one should I move first and why?", "Make a smiley face with the blocks.",
        "Put the blocks into groups by their color.", "Sorry, I could not find that block.",
        "Is this correct or wrong?", "Try again, but more carefully this time.", "Good job, well done!",
        "Let me think about it step by step.", "The robot has an arm with a round end effector.",
        "Stop. Wait here until I say go.", "Why did you choose that one?", "Can you explain your plan?",
        "I will first move to the block, then push it slowly.", "Show me the answer in one word.",
        "What is your name? I am a robot assistant.", "Which blocks have the same color as this one?",
        "Count them again, please.", "Great, now do it one more time.", "It is a small world with sixteen blocks.");
  }

  /** The tabletop groups in a fixed order; the generator weighs each group equally. */
  static List<List<String>> groups() {
    return List.of(instructions(), reasoning(), questions(), answers(), captions(), chat());
  }
}
