package org.chatvla4j.benchmarks;

import org.chatvla4j.eval.EvalSettings;
import org.chatvla4j.world.BoardHeading;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.Policy;
import org.chatvla4j.world.eval.EvalReport;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.oracle.PushOracle;
import org.chatvla4j.world.oracle.SubstepReasoning;

/**
 * Is the heading that the sub-step reasoning names enough to act on? The push oracle drives the standard eval's
 * episodes, but each of its actions is replaced by a step along the nearest of the eight board headings
 * ({@link SubstepReasoning#heading}), of the oracle's own length or of a fixed one. The success rate is what a head
 * that follows its reasoning's heading exactly could reach: the ceiling of the heading path docs/control-diagnosis.md
 * measures. No model is involved, so it runs in seconds.
 *
 * <pre>./chatvla bench HeadingFollow [episodes per family 10] [step length in m, 0 = the oracle's own: 0]</pre>
 */
public final class HeadingFollow {
  private HeadingFollow() {}

  public static void main(String[] args) {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    double length = args.length > 1 ? Double.parseDouble(args[1]) : 0;
    if (episodes < 1 || length < 0) {
      throw new IllegalArgumentException("episodes must be >= 1 and the step length >= 0 (0 = the oracle's own)");
    }
    EvalSettings settings = EvalSettings.standard(episodes, 1, EvalSettings.DEFAULT_SEED);
    EvalReport report = new RolloutRunner(settings.rollouts()).progress(false).run(env -> {
      PushOracle oracle = new PushOracle(env::task);
      return new Policy() {
        @Override
        public void reset() {
          oracle.reset();
        }

        @Override
        public double[][] act(Observation observation) {
          double[][] chunk = oracle.act(observation);
          double[][] out = new double[chunk.length][];
          for (int i = 0; i < chunk.length; i++) {
            out[i] = alongHeading(chunk[i], length);
          }
          return out;
        }
      };
    });
    System.out.printf("oracle actions snapped to the 8 headings, step length %s, %d episodes per family%n",
        length == 0 ? "the oracle's own" : length + " m", episodes);
    System.out.println(report.table());
  }

  /** A step along the nearest heading of {@code delta} (Δx, Δy), of {@code length} m or, for 0, of |delta|. */
  static double[] alongHeading(double[] delta, double length) {
    double norm = Math.hypot(delta[0], delta[1]);
    if (norm < 1e-4) {
      return new double[] {0, 0}; // the oracle stands still; SubstepReasoning names no heading there either
    }
    // the centre line of the reasoning's heading: 0° = right (+y), 90° = up (−x)
    double sector = Math.toRadians(BoardHeading.SECTOR_DEGREES * BoardHeading.of(delta[0], delta[1]).sector());
    double l = length > 0 ? length : norm;
    double[] step = {-Math.sin(sector) * l, Math.cos(sector) * l};
    if (!SubstepReasoning.heading(step).equals(SubstepReasoning.heading(delta))) {
      throw new IllegalStateException("heading of " + java.util.Arrays.toString(delta) + " snapped to another sector");
    }
    return step;
  }
}
