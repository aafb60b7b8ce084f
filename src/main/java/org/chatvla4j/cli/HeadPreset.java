package org.chatvla4j.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.chatvla4j.config.ScaleDpConfig;

/** The action heads {@code init-moe} can add, by the names users type ({@code scaledp-l}, {@code scaledp-h}, {@code tiny}). */
enum HeadPreset {
  /** ChatVLA's released head: 24 blocks of width 1024, chunk 16. */
  SCALEDP_L("scaledp-l", 16),
  /** DexVLA's "1B expert": 32 blocks of width 1280, chunk 16. */
  SCALEDP_H("scaledp-h", 16),
  /** The tiny preset's head: 2 blocks of width 64, chunk 8. */
  TINY("tiny", 8);

  private final String cliName;
  private final int defaultChunk;

  HeadPreset(String cliName, int defaultChunk) {
    this.cliName = cliName;
    this.defaultChunk = defaultChunk;
  }

  static HeadPreset byName(String name) {
    return Arrays.stream(values()).filter(h -> h.cliName.equalsIgnoreCase(name)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("unknown head '" + name + "'; heads: " + names()));
  }

  static String names() {
    return Arrays.stream(values()).map(h -> h.cliName).collect(Collectors.joining(", "));
  }

  int defaultChunk() {
    return defaultChunk;
  }

  /** The head for a decoder of width {@code condDim}; {@code chunk} is the prediction horizon. */
  ScaleDpConfig config(int actionDim, int stateDim, int chunk, int condDim) {
    ScaleDpConfig base = switch (this) {
      case SCALEDP_L -> ScaleDpConfig.scaleDpL(actionDim, stateDim, condDim);
      case SCALEDP_H -> ScaleDpConfig.scaleDpH(actionDim, stateDim, condDim);
      case TINY -> new ScaleDpConfig(2, 64, 4, 4, chunk, actionDim, stateDim, condDim);
    };
    return new ScaleDpConfig(base.depth(), base.nEmb(), base.numHeads(), base.mlpRatio(), chunk, actionDim, stateDim, condDim);
  }

  @Override
  public String toString() {
    return cliName;
  }
}
