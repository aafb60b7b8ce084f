package org.chatvla4j.config;

/**
 * ChatVLA's static mixture of experts: each decoder MLP is {@code static_expert.experts.{0..E-1}} (HF {@code using_moe}),
 * expert 0 = understanding, expert 1 = control. {@link #dense()} keeps one MLP named {@code mlp} (plain Qwen2-VL).
 */
public record MoeConfig(int numExperts) {
  public MoeConfig {
    if (numExperts != 1 && numExperts != 2) {
      throw new IllegalArgumentException("numExperts must be 1 (dense) or 2 (ChatVLA's static MoE), got " + numExperts);
    }
  }

  public static MoeConfig dense() {
    return new MoeConfig(1);
  }

  public static MoeConfig staticTwoExperts() {
    return new MoeConfig(2);
  }

  public boolean usingMoe() {
    return numExperts > 1;
  }
}
