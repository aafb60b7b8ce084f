package org.chatvla4j.model.moe;

/**
 * What a sample asks of the model, which selects its static expert in every decoder layer (ChatVLA §2): the paper's
 * "Answer based on question" prompt routes to the understanding (vision-text) FFN, "Predict robot action" to the
 * control (robot) FFN. The reference code's {@code eval_in_vqa} / {@code vl_data_mask} flags become this value.
 */
public enum Task {
  /** Visual question answering and chat: {@code static_expert.experts.0}. */
  UNDERSTANDING(0),
  /** Robot control, including its sub-step reasoning text: {@code static_expert.experts.1}. */
  CONTROL(1);

  private final int expertIndex;

  Task(int expertIndex) {
    this.expertIndex = expertIndex;
  }

  /** The index of the expert this task runs through ({@code experts.{index}}). */
  public int expertIndex() {
    return expertIndex;
  }
}
