package org.chatvla4j.train;

import java.util.OptionalInt;

/**
 * Where the model of the first stage comes from.
 *
 * <ul>
 *   <li>{@code preset:NAME} — a fresh model of a named preset (e.g. {@code preset:tiny}), seeded by the recipe seed;
 *   <li>{@code checkpoint:DIR} — an HF-layout directory (a previous run's checkpoint, a released ChatVLA);
 *   <li>{@code init-moe:DIR} — a dense directory (e.g. Qwen2-VL-2B-Instruct) turned into the two-expert model with both
 *       experts copied from its MLPs ({@code --init_moe True}); a missing action head is added fresh.
 * </ul>
 *
 * @param init one of the forms above
 * @param experts for presets: 1 = dense MLP, 2 = ChatVLA's static MoE; empty = the preset's own
 */
public record ModelSpec(String init, OptionalInt experts) {
  public static final String PRESET = "preset:";
  public static final String CHECKPOINT = "checkpoint:";
  public static final String INIT_MOE = "init-moe:";

  public ModelSpec {
    if (init == null || !(init.startsWith(PRESET) || init.startsWith(CHECKPOINT) || init.startsWith(INIT_MOE))
        || init.indexOf(':') == init.length() - 1) {
      throw new IllegalArgumentException("init must be preset:NAME, checkpoint:DIR or init-moe:DIR, got '" + init + "'");
    }
    if (experts.isPresent() && (experts.getAsInt() < 1 || experts.getAsInt() > 2)) {
      throw new IllegalArgumentException("experts must be 1 (dense) or 2 (static MoE), got " + experts.getAsInt());
    }
    if (experts.isPresent() && !init.startsWith(PRESET)) {
      throw new IllegalArgumentException("experts applies to preset:NAME only (a checkpoint has its own; init-moe makes 2)");
    }
  }

  public static ModelSpec preset(String name) {
    return new ModelSpec(PRESET + name, OptionalInt.empty());
  }

  /** What follows the {@code kind:} prefix. */
  public String argument() {
    return init.substring(init.indexOf(':') + 1);
  }
}
