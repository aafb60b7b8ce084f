package org.chatvla4j.world.vqa;

import org.chatvla4j.world.BlockId;

/** One statement a caption makes, in structured form, so captions can be checked against the scene. */
public sealed interface CaptionFact {
  /** "There are {count} blocks on the table." */
  record BlockCount(int count) implements CaptionFact {}

  /** "The {block} is in the {region} of the board." */
  record InRegion(BlockId block, Region region) implements CaptionFact {}

  /** "The {subject} is {relation} the {anchor}.", e.g. left of. */
  record Related(BlockId subject, Relation relation, BlockId anchor) implements CaptionFact {}

  /** "The {a} is next to the {b}." (block2block's success distance). */
  record NextTo(BlockId a, BlockId b) implements CaptionFact {}

  /** "The robot arm is closest to the {block}." */
  record ArmClosest(BlockId block) implements CaptionFact {}
}
