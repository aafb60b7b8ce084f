package org.chatvla4j.model;

import java.util.Set;

/**
 * How {@code generateText} picks tokens.
 *
 * @param maxNewTokens at most this many tokens are generated (the stop token counts)
 * @param temperature 0 = greedy (argmax); otherwise logits are divided by it before sampling
 * @param topP nucleus sampling: keep the smallest set of tokens whose probability reaches {@code topP} (1 = all)
 * @param stopTokens generation ends after any of these (e.g. {@code <|im_end|>})
 */
public record GenerationConfig(int maxNewTokens, double temperature, double topP, Set<Long> stopTokens) {
  public GenerationConfig {
    if (maxNewTokens <= 0) {
      throw new IllegalArgumentException("max_new_tokens must be > 0, got " + maxNewTokens);
    }
    if (!(temperature >= 0) || !Double.isFinite(temperature)) {
      throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
    }
    stopTokens = Set.copyOf(stopTokens);
  }

  public static GenerationConfig greedy(int maxNewTokens, Set<Long> stopTokens) {
    return new GenerationConfig(maxNewTokens, 0, 1, stopTokens);
  }

  public boolean isGreedy() {
    return temperature == 0;
  }

  public GenerationConfig withStopTokens(Set<Long> tokens) {
    return new GenerationConfig(maxNewTokens, temperature, topP, tokens);
  }
}
