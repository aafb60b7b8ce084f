package org.chatvla4j.eval;

import java.util.Optional;
import java.util.SplittableRandom;
import org.chatvla4j.policy.ChatVlaPolicy;
import org.chatvla4j.policy.InferenceGate;
import org.chatvla4j.policy.TabletopPolicy;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.Policy;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.eval.EvalConfig;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.oracle.PushOracle;
import org.chatvla4j.world.oracle.SubstepReasoning;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * How closely the model's first action and reasoning follow the scripted oracle on the oracle's own states: the oracle
 * drives held-out episodes and, every {@code every}-th step, the model is asked the same observation. It is a finer
 * measure than closed-loop success, which moves in steps of 2 points over 50 rollouts and stays at 0 for a policy that
 * is often right but not right enough to finish, and it says <em>why</em> a policy fails: a cosine near 0 means the
 * action ignores the scene.
 *
 * <p>Baselines, in the same units: a zero action's L2 error, and cosine 0 for any action independent of the scene
 * (the random policy's expectation).
 */
public final class OracleAgreement {
  /**
   * How it was asked ({@code episodesPerFamily} oracle episodes, the model every {@code every} steps, {@code frames} in
   * all) and what it found: mean first-action cosine with the oracle's action (over frames where the oracle moves),
   * first-action L2 error (m) beside a zero action's, the share of reasoning sentences equal to the oracle's, of
   * sentences equal to it once both headings are set aside (the right phase, block and goal), and, over the frames
   * where the oracle names a heading, of headings equal to its (chance: 1 in 8); and the share of the model's
   * sentences that name a heading at all (a sentence that trails off names none).
   */
  public record Result(int episodesPerFamily, int every, int frames, double meanCosine, double meanL2Error,
      double zeroActionL2Error, double reasoningExact, double stepMatch, double headingMatch, double headingNamed) {}

  private final EvalConfig episodes;
  private final SceneRenderer renderer;
  private final int every;
  private final int reasoningTokens;

  /**
   * @param episodes the held-out layouts the oracle drives (families, episodes per family, seed, block set)
   * @param every ask the model at steps 0, every, 2·every, …
   */
  public OracleAgreement(EvalConfig episodes, SceneRenderer renderer, int every, int reasoningTokens) {
    if (every <= 0) {
      throw new IllegalArgumentException("every must be > 0, got " + every);
    }
    this.episodes = episodes;
    this.renderer = renderer;
    this.every = every;
    this.reasoningTokens = reasoningTokens;
  }

  public Result run(EvalCheckpoint checkpoint) {
    InferenceGate gate = new InferenceGate();
    return run(env -> new TabletopPolicy(new ChatVlaPolicy(checkpoint.model(), checkpoint.stats(), gate,
        new SplittableRandom(ClosedLoopEval.familySeed(episodes.seed(), env.family().ordinal())), reasoningTokens), 1));
  }

  /** Scores any tabletop policy (the model through {@link TabletopPolicy}; tests pass the oracle itself). */
  Result run(RolloutRunner.PolicyFactory models) {
    Tally tally = new Tally();
    new RolloutRunner(episodes).renderer(s -> renderer.render(s).toBufferedImage()).progress(false)
        .run(env -> new Shadowed(new PushOracle(env::task), models.create(env), tally));
    return tally.result(episodes.episodesPerFamily(), every);
  }

  /** An oracle and a model that follow one episode together, and the tally their answers go to. */
  private abstract static class Paired implements Policy {
    final PushOracle oracle;
    final Policy model;
    final Tally tally;

    Paired(PushOracle oracle, Policy model, Tally tally) {
      this.oracle = oracle;
      this.model = model;
      this.tally = tally;
    }

    @Override
    public void reset() {
      oracle.reset();
      model.reset();
    }

    /** Scores the model's chunk against the oracle's, both just asked the same observation. */
    void score(double[][] oracleChunk, double[][] modelChunk) {
      tally.add(oracleChunk[0], modelChunk[0], oracle.reasoning().orElse(""), model.reasoning().orElse(""));
    }
  }

  /** The oracle acts; on every {@code every}-th step the model answers the same observation and is scored. */
  private final class Shadowed extends Paired {
    Shadowed(PushOracle oracle, Policy model, Tally tally) {
      super(oracle, model, tally);
    }

    @Override
    public double[][] act(Observation observation) {
      double[][] a = oracle.act(observation);
      if (observation.step() % every == 0) {
        score(a, model.act(observation));
      }
      return a;
    }

    @Override
    public Optional<String> reasoning() {
      return oracle.reasoning();
    }
  }

  /**
   * The same scores on the states the model's own rollouts reach: each time the model is asked, the oracle (following
   * the same episode, asked at the same steps) says what it would do there. Oracle frames show what the model learned;
   * its own states show what it does once its actions have taken it off the oracle's paths.
   */
  static final class OnOwnStates {
    private final Tally tally = new Tally();

    /** {@code model}, with every query also put to an oracle of {@code env}'s task and scored. */
    Policy watch(Policy model, TabletopEnv env) {
      return new Paired(new PushOracle(env::task), model, tally) {
        @Override
        public double[][] act(Observation observation) {
          double[][] chunk = model.act(observation);
          score(oracle.act(observation), chunk);
          return chunk;
        }

        @Override
        public Optional<String> reasoning() {
          return model.reasoning();
        }
      };
    }

    /** What was scored; {@code every} is the actions executed per query. */
    Result result(int episodesPerFamily, int every) {
      return tally.result(episodesPerFamily, every);
    }
  }

  private static final class Tally {
    int frames;
    int withDirection;
    double cosine;
    double l2;
    double zeroL2;
    int exact;
    int step;
    int withHeading;
    int heading;
    int named;

    void add(double[] oracle, double[] model, String oracleText, String modelText) {
      frames++;
      double ex = model[0] - oracle[0];
      double ey = model[1] - oracle[1];
      l2 += Math.hypot(ex, ey);
      double no = Math.hypot(oracle[0], oracle[1]);
      zeroL2 += no;
      double nm = Math.hypot(model[0], model[1]);
      if (no > 1e-9) {
        withDirection++;
        cosine += nm > 1e-12 ? (model[0] * oracle[0] + model[1] * oracle[1]) / (nm * no) : 0;
      }
      if (oracleText.trim().equals(modelText.trim())) {
        exact++;
      }
      if (SubstepReasoning.withoutHeading(oracleText).equals(SubstepReasoning.withoutHeading(modelText))) {
        step++;
      }
      if (!SubstepReasoning.headingOf(modelText).isEmpty()) {
        named++;
      }
      // Frames where the oracle names no heading ("Done.") would count a silent model as right.
      String oracleHeading = SubstepReasoning.headingOf(oracleText);
      if (!oracleHeading.isEmpty()) {
        withHeading++;
        if (oracleHeading.equals(SubstepReasoning.headingOf(modelText))) {
          heading++;
        }
      }
    }

    Result result(int episodesPerFamily, int every) {
      if (frames == 0) {
        throw new IllegalStateException("the oracle agreement scored no frames");
      }
      return new Result(episodesPerFamily, every, frames, withDirection == 0 ? Double.NaN : cosine / withDirection, l2 / frames, zeroL2 / frames,
          (double) exact / frames, (double) step / frames, withHeading == 0 ? Double.NaN : (double) heading / withHeading,
          (double) named / frames);
    }
  }
}
