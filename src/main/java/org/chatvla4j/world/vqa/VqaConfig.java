package org.chatvla4j.world.vqa;

import org.chatvla4j.world.BoardHeading;

/**
 * Thresholds and quotas of the question generator (tabletop-benchmark.md §9, "Adapting CLEVR").
 *
 * @param questionsPerScene templates instantiated per scene (CLEVR: 10)
 * @param candidatesPerTemplate instantiations tried per template before giving up on it for this scene
 * @param relationEps "b is left of a" when b is more than this far left of a, in metres (CLEVR's eps, scaled)
 * @param relationMargin a relation question is rejected when an involved block is within this of level with its anchor
 * @param regionMargin a region question is rejected when a block is within this of a region boundary
 * @param closestMargin a closest-block question is rejected when the runner-up is within this of the winner
 * @param nextToThreshold "next to" is block2block's success distance (centres closer than this)
 * @param nextToMargin a next-to question is rejected when the distance is within this of the threshold
 * @param headingMarginDegrees an arm-direction question is rejected when the block's angle from the effector is within
 *     this many degrees of a boundary between two of the eight headings
 * @param headingMinDistance an arm-direction question is rejected when the block's centre is closer than this to the
 *     effector, where a few millimetres turn the heading
 * @param balanceResetScenes answer and template counts restart every this many scenes (CLEVR: 250)
 */
public record VqaConfig(
    int questionsPerScene,
    int candidatesPerTemplate,
    double relationEps,
    double relationMargin,
    double regionMargin,
    double closestMargin,
    double nextToThreshold,
    double nextToMargin,
    double headingMarginDegrees,
    double headingMinDistance,
    int balanceResetScenes) {

  public VqaConfig {
    positive("questionsPerScene", questionsPerScene);
    positive("candidatesPerTemplate", candidatesPerTemplate);
    positive("balanceResetScenes", balanceResetScenes);
    nonNegative("relationEps", relationEps);
    nonNegative("relationMargin", relationMargin);
    nonNegative("regionMargin", regionMargin);
    nonNegative("closestMargin", closestMargin);
    nonNegative("nextToMargin", nextToMargin);
    nonNegative("headingMinDistance", headingMinDistance);
    // From half a sector (22.5°) on, every angle is within the margin of a boundary: no such question could be asked.
    if (!(headingMarginDegrees >= 0 && headingMarginDegrees < BoardHeading.SECTOR_DEGREES / 2)) {
      throw new IllegalArgumentException("headingMarginDegrees must be in [0, 22.5) degrees (half a 45° heading "
          + "sector), got " + headingMarginDegrees);
    }
    if (!(nextToThreshold > nextToMargin) || !Double.isFinite(nextToThreshold)) {
      throw new IllegalArgumentException(
          "nextToThreshold must be finite and larger than nextToMargin (" + nextToMargin + "), got " + nextToThreshold);
    }
  }

  /**
   * eps 0.02 m (half a block), ambiguity margin 0.03 m, region margin 0.02 m, closest margin 0.02 m, next-to below
   * 0.05 m (block2block) with a 0.005 m margin, arm directions 10° clear of a heading boundary and 0.05 m from the
   * effector, 10 questions per scene, counts reset every 250 scenes.
   */
  public static VqaConfig defaults() {
    return new VqaConfig(10, 400, 0.02, 0.03, 0.02, 0.02, 0.05, 0.005, 10.0, 0.05, 250);
  }

  public VqaConfig withQuestionsPerScene(int n) {
    return new VqaConfig(n, candidatesPerTemplate, relationEps, relationMargin, regionMargin, closestMargin,
        nextToThreshold, nextToMargin, headingMarginDegrees, headingMinDistance, balanceResetScenes);
  }

  private static void positive(String field, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + v);
    }
  }

  private static void nonNegative(String field, double v) {
    if (!(v >= 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(field + " must be a finite length ≥ 0 m, got " + v);
    }
  }
}
