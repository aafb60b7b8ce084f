package org.chatvla4j.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.chatvla4j.eval.EvalSettings;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.Policy;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.eval.EvalReport;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.oracle.PushOracle;

/**
 * How well must a policy know where the blocks are? The push oracle drives the standard eval's episodes, but it sees
 * every block's position with a Gaussian error of σ per axis; success is judged on the true scene. The arm's own
 * position stays exact (a VLA has it as its state) and so do the blocks' yaws (an optimistic choice). The errors are
 * redrawn every K steps: K = 1 errs as a per-frame detector would, K = 8 as a policy that looks once per 8-action
 * chunk, and K = 0 draws one offset per block for the whole episode, a detector's bias that closing the loop cannot
 * correct. Where the error changes within an episode the oracle counts the point behind the block as reached within
 * max(1 mm, 2σ) ({@link PushOracle#underNoise}), or the jitter would keep it circling there.
 *
 * A 2-D error of σ per axis is 1.25·σ away on average (σ·√(π/2)), the "mean error" that {@code ArmLocate} reports for
 * a vision tower: its best 90×160 tower places the blocks to 31.5 mm, σ ≈ 25 mm. So the table is the success that a
 * policy perfect in everything but perception could reach on top of a given tower. No model is involved; it runs in
 * seconds per σ.
 *
 * <pre>./chatvla bench PerceptionNoise [episodes per family 10] [K: 1] [σ in mm, comma-separated: 0,2,5,10,15,20,25,35]</pre>
 */
public final class PerceptionNoise {
  private PerceptionNoise() {}

  public static void main(String[] args) {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int every = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    String sigmas = args.length > 2 ? args[2] : "0,2,5,10,15,20,25,35";
    if (episodes < 1) {
      throw new IllegalArgumentException("episodes per family must be >= 1, got " + episodes);
    }
    if (every < 0) {
      throw new IllegalArgumentException("K (redraw the errors every K steps, 0 = once per episode) must be >= 0, got " + every);
    }
    EvalSettings settings = EvalSettings.standard(episodes, 1, EvalSettings.DEFAULT_SEED);
    List<String> rows = new ArrayList<>();
    String header = null;
    for (String s : sigmas.split(",")) {
      double sigmaMm = Double.parseDouble(s.trim());
      if (!(sigmaMm >= 0)) {
        throw new IllegalArgumentException("σ must be >= 0 mm, got " + s);
      }
      double sigma = sigmaMm / 1000;
      EvalReport report = new RolloutRunner(settings.rollouts()).progress(false).run(env -> {
        PushOracle oracle = every > 0 ? PushOracle.underNoise(env::task, sigma) : new PushOracle(env::task);
        return new NoisyPerception(oracle, sigma, every, Double.doubleToLongBits(sigmaMm));
      });
      if (header == null) {
        StringBuilder h = new StringBuilder("| σ per axis | mean error |");
        for (EvalReport.FamilyResult f : report.families()) {
          h.append(' ').append(f.family().id()).append(" |");
        }
        header = h.append(" mean |").toString();
      }
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %.0f mm | %.1f mm |", sigmaMm, sigmaMm * Math.sqrt(Math.PI / 2)));
      for (EvalReport.FamilyResult f : report.families()) {
        row.append(String.format(Locale.ROOT, " %.0f %% |", 100 * f.rate()));
      }
      rows.add(row.append(String.format(Locale.ROOT, " %.1f %% |", 100 * report.meanRate())).toString());
      System.err.println(rows.getLast());
    }
    System.out.printf(Locale.ROOT, "the oracle seeing the blocks with a Gaussian error (%s), %d episodes per family%n",
        every == 0 ? "fixed per episode" : "redrawn every " + every + (every == 1 ? " step" : " steps"), episodes);
    System.out.println(header);
    System.out.println(header.replaceAll("[^|]+", "---"));
    rows.forEach(System.out::println);
  }

  /** The oracle behind a perception that errs; one per family, its noise stream seeded per episode. */
  private static final class NoisyPerception implements Policy {
    private final PushOracle oracle;
    private final double sigma;
    private final int every;
    private final long seed;
    private int episode = -1;
    private int step;
    private SplittableRandom rng;
    private final Map<BlockId, double[]> offsets = new HashMap<>(); // redrawn every K steps

    NoisyPerception(PushOracle oracle, double sigma, int every, long seed) {
      this.oracle = oracle;
      this.sigma = sigma;
      this.every = every;
      this.seed = seed;
    }

    @Override
    public void reset() {
      episode++;
      rng = new SplittableRandom(RolloutRunner.episodeSeed(seed, episode));
      offsets.clear();
      step = 0;
      oracle.reset();
    }

    @Override
    public double[][] act(Observation observation) {
      SceneState s = observation.scene();
      if (every > 0 && step % every == 0) {
        offsets.clear();
      }
      step++;
      List<BlockPose> seen = new ArrayList<>(s.blocks().size());
      for (BlockPose b : s.blocks()) {
        double[] d = offsets.computeIfAbsent(b.id(), id -> new double[] {sigma * rng.nextGaussian(), sigma * rng.nextGaussian()});
        seen.add(new BlockPose(b.id(), b.x() + d[0], b.y() + d[1], b.yaw()));
      }
      SceneState perceived = new SceneState(seen, s.effectorX(), s.effectorY(), s.targetX(), s.targetY());
      return oracle.act(new Observation(perceived, observation.instruction(), observation.family(), observation.step(),
          observation.renderer()));
    }
  }
}
