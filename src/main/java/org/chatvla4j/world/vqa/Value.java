package org.chatvla4j.world.vqa;

/** The typed result of one program step (CLEVR's Object, ObjectSet, Integer, Bool and attribute values). */
public sealed interface Value {
  /** A set of blocks as a bit mask over the scene's block indices. */
  record Blocks(int mask) implements Value {}

  /** One block, by scene index. */
  record Block(int index) implements Value {}

  /** A count. */
  record Number(int value) implements Value {}

  /** A yes/no answer. */
  record Bool(boolean value) implements Value {}

  /** An attribute value in answer form: a color, shape, region or block name. */
  record Word(String text) implements Value {}

  /** The program has no answer on this scene (CLEVR's {@code __INVALID__}), with the reason. */
  record Invalid(String reason) implements Value {}

  /** The answer text, lower-case, numbers as digits. */
  default String answer() {
    return switch (this) {
      case Number n -> Integer.toString(n.value());
      case Bool b -> b.value() ? "yes" : "no";
      case Word w -> w.text();
      case Blocks s -> throw new IllegalStateException("a block set is not an answer");
      case Block b -> throw new IllegalStateException("a block is not an answer");
      case Invalid i -> throw new IllegalStateException("invalid program: " + i.reason());
    };
  }
}
