package org.chatvla4j.world.vqa;

import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.world.BlockColor;
import org.chatvla4j.world.BoardHeading;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockShape;

/** What kind of word answers a question, with every answer of that kind (the balancer's answer space). */
public enum AnswerType {
  YES_NO,
  NUMBER,
  COLOR,
  SHAPE,
  REGION,
  BLOCK,
  /** One of the eight board headings ("up and left"), the words the sub-step reasoning ends with. */
  HEADING;

  /** CLEVR counts answers 0–10; larger counts still happen with more blocks and join the space when seen. */
  public List<String> vocabulary() {
    List<String> v = new ArrayList<>();
    switch (this) {
      case YES_NO -> v.addAll(List.of("yes", "no"));
      case NUMBER -> {
        for (int i = 0; i <= 10; i++) {
          v.add(Integer.toString(i));
        }
      }
      case COLOR -> {
        for (BlockColor c : BlockColor.values()) {
          v.add(c.word());
        }
      }
      case SHAPE -> {
        for (BlockShape s : BlockShape.values()) {
          v.add(s.word());
        }
      }
      case REGION -> {
        for (Region r : Region.values()) {
          v.add(r.answer());
        }
      }
      case BLOCK -> {
        for (BlockColor c : BlockColor.values()) {
          for (BlockShape s : BlockShape.values()) {
            v.add(new BlockId(c, s).words());
          }
        }
      }
      case HEADING -> v.addAll(BoardHeading.allWords());
    }
    return v;
  }
}
