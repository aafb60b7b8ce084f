package org.chatvla4j.nn;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Ordered renaming rules from checkpoint names to our module names; the first matching rule applies. All renamings the
 * project knows are listed here, in one place (the counterpart of transformers' {@code _checkpoint_conversion_mapping}).
 */
public final class KeyMapping {
  /** One rule: a regex on the checkpoint name and its replacement (Java {@code $1} groups). */
  public record Rule(Pattern pattern, String replacement) {}

  private final List<Rule> rules;

  private KeyMapping(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static KeyMapping identity() {
    return new KeyMapping(List.of());
  }

  /**
   * transformers ≥ 4.52 saves Qwen2-VL as {@code model.language_model.*}, {@code model.visual.*} and
   * {@code lm_head.*}; ChatVLA and older checkpoints use {@code model.*}, {@code visual.*}. We keep the older layout
   * (what ChatVLA checkpoints hold) and map the newer one onto it.
   */
  public static KeyMapping qwen2Vl() {
    return new KeyMapping(List.of(
        new Rule(Pattern.compile("^model\\.language_model\\.(.*)$"), "model.$1"),
        new Rule(Pattern.compile("^model\\.visual\\.(.*)$"), "visual.$1")));
  }

  /** Our name for checkpoint name {@code key}. */
  public String map(String key) {
    for (Rule r : rules) {
      var m = r.pattern().matcher(key);
      if (m.matches()) {
        return m.replaceFirst(r.replacement());
      }
    }
    return key;
  }

  public List<Rule> rules() {
    return rules;
  }
}
