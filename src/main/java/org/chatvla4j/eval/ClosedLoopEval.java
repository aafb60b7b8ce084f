package org.chatvla4j.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.policy.ChatVlaPolicy;
import org.chatvla4j.policy.InferenceGate;
import org.chatvla4j.policy.TabletopPolicy;
import org.chatvla4j.world.EpisodeListener;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.Workspace;
import org.chatvla4j.world.eval.EvalReport;
import org.chatvla4j.world.eval.GifRecorder;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * Closed-loop success of the model and of the two action baselines on the same seeded layouts: the model through
 * {@link ChatVlaPolicy} + {@link TabletopPolicy} (rendered frames at the training size), a zero-action policy, and a
 * uniform random policy over the model's action box. Each family gets its own seeded generator (diffusion noise or
 * random actions), so a family's numbers do not depend on which families ran before it.
 */
public final class ClosedLoopEval {
  /**
   * The three success reports, what the model said in each family's first episode, how its queries compare with what
   * the oracle would do on the same (the model's own) states, and whether it beats each baseline episode by episode.
   */
  public record Result(EvalReport model, EvalReport zero, EvalReport random, List<RobotTranscripts.Transcript> transcripts,
      double[] randomLow, double[] randomHigh, OracleAgreement.Result ownStates, PairedSignTest vsZero, PairedSignTest vsRandom,
      Map<TaskFamily, PairedSignTest> vsRandomPerFamily) {}

  private final EvalSettings settings;
  private boolean progress = true;
  private Optional<Path> gifDir = Optional.empty();

  public ClosedLoopEval(EvalSettings settings) {
    this.settings = settings;
  }

  public ClosedLoopEval progress(boolean on) {
    this.progress = on;
    return this;
  }

  /** Saves the model's first episode of each family as a GIF under {@code dir}. */
  public ClosedLoopEval gifs(Path dir) {
    this.gifDir = Optional.of(dir);
    return this;
  }

  public Result run(EvalCheckpoint checkpoint) {
    SceneRenderer renderer = SceneRenderer.languageTable(settings.imageSize());
    long seed = settings.rollouts().seed();
    RobotTranscripts transcripts = new RobotTranscripts(12);
    List<EpisodeListener> listeners = new ArrayList<>(List.of(transcripts));
    gifDir.ifPresent(d -> listeners.add(new GifRecorder(renderer, d, GifRecorder.firstOfEachFamily())));
    InferenceGate gate = new InferenceGate();
    OracleAgreement.OnOwnStates ownStates = new OracleAgreement.OnOwnStates();
    Outcomes modelOutcomes = new Outcomes();
    listeners.add(modelOutcomes);
    EvalReport model = new RolloutRunner(settings.rollouts())
        .renderer(s -> renderer.render(s).toBufferedImage())
        .listener(fanOut(listeners))
        .progress(progress)
        .run(env -> ownStates.watch(new TabletopPolicy(
            new ChatVlaPolicy(checkpoint.model(), checkpoint.stats(), gate,
                new SplittableRandom(familySeed(seed, env.family().ordinal())), settings.reasoningTokens()),
            settings.actionsPerQuery()), env));
    Outcomes zeroOutcomes = new Outcomes();
    EvalReport zero = new RolloutRunner(settings.rollouts()).progress(false).listener(zeroOutcomes).run(env -> new ZeroActionPolicy());
    double[][] box = actionBox(checkpoint.stats());
    Outcomes randomOutcomes = new Outcomes();
    EvalReport random = new RolloutRunner(settings.rollouts()).progress(false).listener(randomOutcomes)
        .run(env -> new RandomActionPolicy(box[0], box[1], new SplittableRandom(familySeed(~seed, env.family().ordinal()))));
    return new Result(model, zero, random, transcripts.transcripts(), box[0], box[1],
        ownStates.result(settings.rollouts().episodesPerFamily(), settings.actionsPerQuery()),
        modelOutcomes.pairedWith("zero action", zeroOutcomes), modelOutcomes.pairedWith("random", randomOutcomes),
        modelOutcomes.perFamily("random", randomOutcomes));
  }

  /**
   * Each episode's success in the order the runner plays them (families in turn, episodes by index), which is the
   * same order, seed for seed, for the model and both baselines: that is what pairs them, and {@link #pairedWith}
   * checks it.
   */
  private static final class Outcomes implements EpisodeListener {
    private final List<EpisodeListener.Episode> episodes = new ArrayList<>();
    private final List<Boolean> successes = new ArrayList<>();

    @Override
    public void episodeEnded(Episode episode, Observation last, boolean success, int steps) {
      episodes.add(episode);
      successes.add(success);
    }

    /** The test of the model's outcomes (these) against a baseline's, over every episode. */
    PairedSignTest pairedWith(String baseline, Outcomes other) {
      return paired(baseline, other, e -> true);
    }

    /** The same test in each family alone. */
    Map<TaskFamily, PairedSignTest> perFamily(String baseline, Outcomes other) {
      Map<TaskFamily, PairedSignTest> out = new LinkedHashMap<>();
      episodes.stream().map(EpisodeListener.Episode::family).distinct()
          .forEach(f -> out.put(f, paired(baseline, other, e -> e.family() == f)));
      return out;
    }

    private PairedSignTest paired(String baseline, Outcomes other, Predicate<EpisodeListener.Episode> which) {
      if (!episodes.equals(other.episodes)) {
        throw new IllegalStateException("the " + baseline + " baseline ran other episodes than the model; they cannot be paired");
      }
      List<Integer> picked = new ArrayList<>();
      for (int i = 0; i < episodes.size(); i++) {
        if (which.test(episodes.get(i))) {
          picked.add(i);
        }
      }
      boolean[] model = new boolean[picked.size()];
      boolean[] base = new boolean[picked.size()];
      for (int j = 0; j < model.length; j++) {
        model[j] = successes.get(picked.get(j));
        base[j] = other.successes.get(picked.get(j));
      }
      return PairedSignTest.of(baseline, model, base);
    }
  }

  /** The random baseline's box: the training actions' min–max when the checkpoint has statistics, else ±MAX_ACTION. */
  static double[][] actionBox(Optional<DatasetStats> stats) {
    if (stats.isPresent()) {
      float[] lo = stats.get().actionMin();
      float[] hi = stats.get().actionMax();
      return new double[][] {{lo[0], lo[1]}, {hi[0], hi[1]}};
    }
    double m = Workspace.MAX_ACTION;
    return new double[][] {{-m, -m}, {m, m}};
  }

  static long familySeed(long seed, int family) {
    return RolloutRunner.episodeSeed(seed, 1000 + family);
  }

  private static EpisodeListener fanOut(List<EpisodeListener> all) {
    return new EpisodeListener() {
      @Override
      public void episodeStarted(Episode episode, Observation first) {
        all.forEach(l -> l.episodeStarted(episode, first));
      }

      @Override
      public void stepped(Step step) {
        all.forEach(l -> l.stepped(step));
      }

      @Override
      public void episodeEnded(Episode episode, Observation last, boolean success, int steps) {
        all.forEach(l -> l.episodeEnded(episode, last, success, steps));
      }
    };
  }
}
