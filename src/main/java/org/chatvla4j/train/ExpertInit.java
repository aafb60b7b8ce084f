package org.chatvla4j.train;

/** What happens to the MoE experts when a stage starts. */
public enum ExpertInit {
  /** Leave the weights as the previous stage (or the initial model) left them. */
  KEEP,
  /**
   * Copy {@code static_expert.experts.0} into every other expert, so the control expert starts from what stage 0
   * taught the understanding expert ({@code --init_moe True}: both experts from the pretrained MLP).
   */
  COPY_EXPERT_0;

  /** The recipe-file spelling, e.g. {@code copy-expert-0}. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public static ExpertInit fromKey(String key) {
    for (ExpertInit e : values()) {
      if (e.key().equals(key)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown expert_init '" + key + "'; use keep or copy-expert-0");
  }
}
