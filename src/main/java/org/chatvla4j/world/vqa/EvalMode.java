package org.chatvla4j.world.vqa;

/**
 * How near-threshold spatial pairs are read when a program runs. A generated question must have the same answer in
 * all three, so no answer hinges on a pair that a viewer (or a slightly different push) could read either way; this is
 * the per-question ambiguity rejection recommended in tabletop-benchmark.md §9, in place of CLEVR's scene margins.
 */
public enum EvalMode {
  /** The predicates as defined (left: more than eps to the left; next to: closer than the threshold). */
  NOMINAL,
  /** Only pairs clearly in relation; predicates that are ambiguous for a single pair become invalid. */
  STRICT,
  /** Also pairs that are nearly in relation. */
  LENIENT
}
