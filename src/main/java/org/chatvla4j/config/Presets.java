package org.chatvla4j.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Named model configurations. One code path serves all of them; {@code tiny} is a small instance of the same model. */
public final class Presets {
  private static final Map<String, Supplier<ChatVlaConfig>> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put("tiny", Presets::tiny);
    PRESETS.put("qwen2-vl-2b", Presets::qwen2Vl2b);
    PRESETS.put("chatvla-2b", Presets::chatVla2b);
    PRESETS.put("tabletop", Presets::tabletop);
  }

  private Presets() {}

  /** The preset called {@code name}; the error lists the known names. */
  public static ChatVlaConfig byName(String name) {
    Supplier<ChatVlaConfig> s = PRESETS.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown preset '" + name + "'; presets: " + String.join(", ", PRESETS.keySet()));
    }
    return s.get();
  }

  public static Iterable<String> names() {
    return PRESETS.keySet();
  }

  /**
   * Qwen2-VL-2B-Instruct's {@code config.json}: decoder 28 × (D 1536, F 8960, 12/2 heads), M-RoPE [16, 24, 24], θ 1e6,
   * vocab 151936, tied embeddings; ViT 32 × 1280 with 16 heads, patch 14, 2×2 merge. 2.209 B parameters.
   */
  public static ChatVlaConfig qwen2Vl2b() {
    TextConfig text = new TextConfig(1536, 8960, 28, 12, 2, 1e-6, 1_000_000.0, new int[] {16, 24, 24}, 151936, 32768, true);
    VisionConfig vision = new VisionConfig(32, 1280, 16, 4, 3, 1536, 14, 2, 2);
    return new ChatVlaConfig(text, vision, MoeConfig.dense(), Optional.empty(), SchedulerConfig.chatVla(),
        SpecialTokens.qwen2Vl(), "bfloat16");
  }

  /**
   * ChatVLA: Qwen2-VL-2B with both static experts in every layer (+ 28 × 3 × 1536 × 8960 parameters) and a ScaleDP-L
   * head for the paper's Franka setup (action 10 = xyz + 6-D rotation + gripper, state 7).
   */
  public static ChatVlaConfig chatVla2b() {
    ChatVlaConfig base = qwen2Vl2b();
    return base.withMoe(MoeConfig.staticTwoExperts()).withActionHead(ScaleDpConfig.scaleDpL(10, 7, base.text().hiddenSize()));
  }

  /**
   * The tabletop model used by tests and the demo: D 64, 2 decoder layers, 4/2 heads (head dim 16, M-RoPE [2, 3, 3]),
   * a 2-block ViT of width 32, both experts, and a 2-block ScaleDP of width 64 for Language-Table (action Δxy = 2,
   * state = effector xy + target xy = 4, chunk 8). The vocabulary is the small tabletop tokenizer's.
   */
  public static ChatVlaConfig tiny() {
    TextConfig text = new TextConfig(64, 128, 2, 4, 2, 1e-6, 10_000.0, new int[] {2, 3, 3}, 512, 2048, true);
    VisionConfig vision = new VisionConfig(2, 32, 2, 2, 3, 64, 14, 2, 2);
    SpecialTokens tokens = new SpecialTokens(0, 2, 0, 1, 3, 4, 5);
    ScaleDpConfig head = new ScaleDpConfig(2, 64, 4, 4, 8, 2, 4, 64);
    return new ChatVlaConfig(text, vision, MoeConfig.staticTwoExperts(), Optional.of(head), SchedulerConfig.chatVla(), tokens, "float32");
  }

  /**
   * The demo's model, {@link #tiny} with room to learn the tabletop in minutes on 2 cores: D 128, 4 decoder layers,
   * 4/2 heads (head dim 32, M-RoPE [4, 6, 6]), a 4-block ViT of width 64, both experts, and a 4-block ScaleDP of width
   * 128 (action 2, state 4, chunk 8). Same tokenizer and special tokens as {@code tiny}.
   */
  public static ChatVlaConfig tabletop() {
    TextConfig text = new TextConfig(128, 256, 4, 4, 2, 1e-6, 10_000.0, new int[] {4, 6, 6}, 512, 2048, true);
    VisionConfig vision = new VisionConfig(4, 64, 4, 2, 3, 128, 14, 2, 2);
    SpecialTokens tokens = new SpecialTokens(0, 2, 0, 1, 3, 4, 5);
    ScaleDpConfig head = new ScaleDpConfig(4, 128, 4, 4, 8, 2, 4, 128);
    return new ChatVlaConfig(text, vision, MoeConfig.staticTwoExperts(), Optional.of(head), SchedulerConfig.chatVla(), tokens, "float32");
  }
}
