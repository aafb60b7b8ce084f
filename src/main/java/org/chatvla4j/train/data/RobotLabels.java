package org.chatvla4j.train.data;

/** What a robot sample's assistant turn says, i.e. which tokens the language loss supervises (chatvla-paper.md §4.4). */
public enum RobotLabels {
  /** The step's sub-step reasoning, then {@code Next Action:} (ChatVLA). */
  REASONING_THEN_ACTION_CUE,
  /** Only {@code Next Action:} (the paper's "no reasoning" ablation). */
  ACTION_CUE_ONLY;

  /** The reasoning text that goes before the action cue. */
  String reasoningFor(String stepReasoning) {
    return this == REASONING_THEN_ACTION_CUE ? stepReasoning : "";
  }

  /** {@code DataSpec.withReasoning()} as a label choice. */
  public static RobotLabels of(boolean withReasoning) {
    return withReasoning ? REASONING_THEN_ACTION_CUE : ACTION_CUE_ONLY;
  }
}
