package org.chatvla4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.io.AtomicFiles;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.LossBreakdown;
import org.chatvla4j.model.TrainingBatch;
import org.chatvla4j.nn.AdamW;
import org.chatvla4j.nn.Gradients;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;

/**
 * Runs a recipe's stages on one model. Per stage: freeze by pattern (everything else trainable), optionally seed the
 * experts, a fresh AdamW over the trainable parameters, and per step the scheduled learning rate, a batch, diffusion
 * noise ε ~ N(0, 1) and timesteps t ~ U{0..T−1} for the robot rows from the trainer's own generator, the weighted
 * loss, backward, gradient clipping and the update — all inside one native-memory scope. Metrics go to
 * {@code metrics.jsonl}; checkpoints (weights, optimizer moments, generator state, batch position, recipe, metrics)
 * are written atomically every {@code checkpoint_every} steps and at each stage end, so {@link #resume} continues a
 * killed run exactly where its last checkpoint was taken.
 */
public final class Trainer {
  private final TrainingSetup setup;
  private final CheckpointStore store;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final DataParallel parallel;
  private final TrainingProgress progress;

  public Trainer(TrainingSetup setup) {
    this(setup, DataParallel.single());
  }

  /**
   * A trainer that is one rank of a data-parallel job: every rank runs the same recipe on its shard of each global
   * batch; only rank 0 writes the run directory (recipe, metrics, plots, checkpoints) and reports progress.
   */
  public Trainer(TrainingSetup setup, DataParallel parallel) {
    this.setup = setup;
    this.store = new CheckpointStore(setup.runDir());
    this.parallel = parallel;
    this.progress = parallel.writesOutputs() ? setup.progress() : TrainingProgress.silent();
  }

  /** Asks the run to stop after the current step; it writes a checkpoint first (Ctrl-C). */
  public void requestStop() {
    stopRequested.set(true);
  }

  /** Starts a new run in an output directory without checkpoints. */
  public TrainingResult start() throws IOException {
    if (store.latest().isPresent()) {
      throw new IllegalArgumentException(setup.runDir() + " already holds checkpoints (" + store.latest().get().getFileName()
          + "); resume it with --resume or choose another --out");
    }
    Recipe recipe = setup.recipe();
    List<DataSpec> data = resolveData(recipe);
    ChatVla vla = InitialModel.create(recipe.model(), recipe.seed());
    checkModelFits(recipe, vla);
    checkData(data, vla, 0);
    Files.createDirectories(setup.runDir());
    if (parallel.writesOutputs()) {
      AtomicFiles.write(setup.runDir().resolve(TrainingCheckpoint.RECIPE), RecipeJson.write(recipe).getBytes(StandardCharsets.UTF_8));
    }
    Path metricsFile = metricsFile();
    try (MetricsLog metrics = MetricsLog.create(metricsFile)) {
      return run(vla, TrainingState.initial(recipe.seed()), Optional.empty(), data, metrics, Optional.empty());
    } finally {
      dropRankMetrics(metricsFile);
    }
  }

  /** Continues from the newest checkpoint of the output directory. */
  public TrainingResult resume() throws IOException {
    if (parallel.writesOutputs()) {
      store.removeLeftovers();
    }
    Path latest = store.latest().orElseThrow(() -> new IllegalArgumentException(setup.runDir()
        + " has no checkpoint to resume from (looked in " + store.directory() + ")"));
    TrainingCheckpoint.Loaded ck = TrainingCheckpoint.read(latest);
    if (!RecipeJson.write(ck.recipe()).equals(RecipeJson.write(setup.recipe()))) {
      throw new IllegalArgumentException("the run in " + setup.runDir() + " was started with a different recipe (see "
          + latest.resolve(TrainingCheckpoint.RECIPE) + "); resume with the same recipe, --seed and step options");
    }
    List<DataSpec> data = resolveData(ck.recipe());
    checkModelFits(ck.recipe(), ck.model());
    checkData(data, ck.model(), ck.state().stage());
    Path metricsFile = metricsFile();
    try (MetricsLog metrics = MetricsLog.restore(metricsFile, ck.metrics())) {
      progress.note("resuming from " + latest + " (stage " + ck.state().stage() + ", step " + ck.state().stepsDone() + ")");
      return run(ck.model(), ck.state(), ck.stats(), data, metrics, Optional.of(ck));
    } finally {
      dropRankMetrics(metricsFile);
    }
  }

  /** Rank 0 logs into the run directory; other ranks keep their (identical) log in a temporary file only. */
  private Path metricsFile() throws IOException {
    return parallel.writesOutputs() ? setup.runDir().resolve(MetricsLog.FILE)
        : Files.createTempFile("chatvla-rank" + parallel.rank() + "-metrics", ".jsonl");
  }

  private void dropRankMetrics(Path file) throws IOException {
    if (!parallel.writesOutputs()) {
      Files.deleteIfExists(file);
    }
  }

  private List<DataSpec> resolveData(Recipe recipe) {
    List<DataSpec> out = new ArrayList<>();
    for (int i = 0; i < recipe.stages().size(); i++) {
      try {
        out.add(recipe.stages().get(i).data().resolve(setup.dataRoot()));
      } catch (IllegalArgumentException e) {
        throw new RecipeException("stages[" + i + "].data." + e.getMessage());
      }
    }
    return out;
  }

  /** Fails before any training when a stage cannot run on this model. */
  private static void checkModelFits(Recipe recipe, ChatVla vla) {
    for (int i = 0; i < recipe.stages().size(); i++) {
      StageSpec s = recipe.stages().get(i);
      if (s.data().readsRobotData() && vla.model().config().actionHead().isEmpty()) {
        throw new RecipeException("stages[" + i + "] reads robot data but the model has no action head");
      }
      if (s.expertInit() == ExpertInit.COPY_EXPERT_0 && !vla.model().config().moe().usingMoe()) {
        throw new RecipeException("stages[" + i + "].expert_init copy-expert-0 needs the two-expert model; this one is dense");
      }
      for (int k = 0; k < s.frozen().size(); k++) {
        Pattern p = Pattern.compile(s.frozen().get(k));
        if (vla.model().parameters().keySet().stream().noneMatch(n -> p.matcher(n).find())) {
          throw new RecipeException("stages[" + i + "].frozen[" + k + "] '" + s.frozen().get(k) + "' matches no parameter of the model");
        }
      }
    }
  }

  /** Checks the data of stages {@code from..} before any step (see {@link BatchSourceFactory#check}). */
  private void checkData(List<DataSpec> data, ChatVla vla, int from) {
    for (int i = from; i < data.size(); i++) {
      setup.sources().check(data.get(i), vla);
    }
  }

  private TrainingResult run(ChatVla vla, TrainingState from, Optional<DatasetStats> statsIn, List<DataSpec> data, MetricsLog metrics,
      Optional<TrainingCheckpoint.Loaded> resumed) throws IOException {
    Recipe recipe = setup.recipe();
    TrainerRng rng = TrainerRng.restore(from.rngState());
    Optional<DatasetStats> stats = statsIn;
    Optional<Path> last = resumed.map(TrainingCheckpoint.Loaded::dir);
    TrainingState state = from;
    // Placed once, before the first optimizer exists (AdamW is built per stage below) and before rank 0's weights are
    // broadcast, so moments, gradients and the collectives' buffers are all on the device. A no-op on the CPU.
    vla.to(setup.device());
    vla.model().train();
    parallel.synchronizeParameters(vla.model().parameters().values().stream().map(p -> p.tensor()).toList());
    for (int si = from.stage(); si < recipe.stages().size(); si++) {
      StageSpec spec = recipe.stages().get(si);
      int first = si == from.stage() ? from.stepsDone() : 0;
      if (first == spec.steps()) {
        continue; // the checkpoint was taken at this stage's end
      }
      freeze(vla, spec);
      if (first == 0 && spec.expertInit() == ExpertInit.COPY_EXPERT_0) {
        InitialModel.copyExpertZero(vla);
      }
      AdamW opt = new AdamW(vla.model(), spec.optimizer().config(spec.lrAt(first)));
      if (first > 0) {
        resumed.orElseThrow().loadOptimizer(opt);
      }
      BatchSource src = setup.sources().open(data.get(si), vla, spec.batchSize(), stageSeed(recipe.seed(), si), stats);
      if (src.stats().isPresent()) {
        stats = src.stats();
      }
      src.seek(si == from.stage() ? from.sourcePosition() : 0);
      progress.stageStarted(si, recipe.stages().size(), spec, first);
      long globalBase = recipe.stepsBefore(si);
      for (int step = first; step < spec.steps(); step++) {
        StepMetrics m = step(vla, opt, src, spec, si, step, globalBase + step + 1, rng);
        metrics.record(m);
        progress.stepFinished(m);
        state = new TrainingState(si, step + 1, globalBase + step + 1, rng.state(), src.position());
        boolean stageEnd = step + 1 == spec.steps();
        if (!setup.evalHooks().isEmpty() && (stageEnd || spec.evalEvery() > 0 && (step + 1) % spec.evalEvery() == 0)) {
          evaluate(vla, spec, si, step + 1, globalBase + step + 1, metrics);
        }
        boolean stopping = stopRequested.get();
        if (stageEnd || stopping || spec.checkpointEvery() > 0 && (step + 1) % spec.checkpointEvery() == 0) {
          if (parallel.writesOutputs()) {
            last = Optional.of(TrainingCheckpoint.write(store, vla, stats, opt, state, recipe, metrics));
            MetricsPlots.write(metrics, setup.runDir().resolve("plots"));
            progress.note("checkpoint " + last.get());
          } else {
            last = Optional.of(store.pathOf(state.globalStep())); // rank 0 writes it
          }
        }
        if (stopping) {
          progress.stageFinished();
          return new TrainingResult(vla, state, last, TrainingResult.Outcome.STOPPED);
        }
      }
      progress.stageFinished();
    }
    if (parallel.writesOutputs()) {
      MetricsPlots.write(metrics, setup.runDir().resolve("plots"));
    }
    return new TrainingResult(vla, state, last, TrainingResult.Outcome.COMPLETED);
  }

  /** Each stage shuffles with its own seed, derived from the recipe's. */
  static long stageSeed(long seed, int stage) {
    return seed * 1_000_003L + stage + 1;
  }

  /** Freezes what matches the stage's patterns and makes everything else trainable. */
  static void freeze(ChatVla vla, StageSpec spec) {
    vla.model().unfreeze("");
    for (String p : spec.frozen()) {
      vla.model().freeze(p);
    }
  }

  private StepMetrics step(ChatVla vla, AdamW opt, BatchSource src, StageSpec spec, int stage, int step, long globalStep, TrainerRng rng) {
    double lr = spec.lrAt(step);
    opt.setLearningRate(lr);
    long t0 = System.nanoTime();
    try (Scope s = Scope.open()) {
      BatchShard shard = parallel.nextShard(src);
      TrainingBatch batch = shard.batch().to(setup.device()); // collated on the CPU; one copy per step on a GPU
      Tensor noise;
      Tensor timesteps;
      if (shard.globalRobotRows() > 0) {
        // Every rank draws the global batch's noise (so the generators stay in step) and keeps its own rows'.
        int rows = shard.globalRobotRows();
        int draws = spec.actionNoiseDraws();
        int chunk = shard.actionChunk();
        int dim = shard.actionDim();
        int block = draws * chunk * dim;
        float[] eps = new float[rows * block];
        for (int i = 0; i < eps.length; i++) {
          eps[i] = (float) rng.nextGaussian();
        }
        long[] t = new long[rows * draws];
        int timestepsCount = vla.model().config().scheduler().numTrainTimesteps();
        for (int i = 0; i < t.length; i++) {
          t[i] = rng.nextInt(timestepsCount);
        }
        int[] mine = shard.robotIndex();
        float[] localEps = new float[mine.length * block];
        long[] localT = new long[mine.length * draws];
        for (int k = 0; k < mine.length; k++) {
          System.arraycopy(eps, mine[k] * block, localEps, k * block, block);
          System.arraycopy(t, mine[k] * draws, localT, k * draws, draws);
        }
        // Drawn from the CPU generator as always, then copied: a CUDA run trains on the same noise values as a CPU run.
        noise = setup.device().place(Tensors.fromFloats(localEps, mine.length * draws, chunk, dim));
        timesteps = setup.device().place(Tensors.fromLongs(localT, mine.length * draws));
      } else {
        noise = setup.device().place(torch.zeros(new long[] {0}, DType.F32.options()));
        timesteps = setup.device().place(torch.zeros(new long[] {0}, DType.I64.options()));
      }
      opt.zeroGrad();
      LossBreakdown loss = vla.computeLoss(batch, noise, timesteps);
      LossWeights w = spec.lossWeights();
      // Scales are 1 in one process; on rank r they make the ranks' mean gradient the global batch's (see BatchShard).
      Tensor token = loss.tokenLoss().mul(Tensors.scalar(shard.tokenScale()));
      Tensor action = loss.actionLoss().mul(Tensors.scalar(shard.actionScale()));
      Tensor readout = loss.readoutLoss().mul(Tensors.scalar(shard.actionScale()));
      Tensor total = token.mul(Tensors.scalar(w.token())).add(action.mul(Tensors.scalar(w.action())));
      if (w.readout() != 0) {
        total = total.add(readout.mul(Tensors.scalar(w.readout())));
      }
      parallel.beforeBackward(opt.parameters()); // lets data parallelism reduce gradients while backward runs
      total.backward();
      double[] global = parallel.reduceGradients(opt.parameters(),
          new double[] {total.item_double(), token.item_double(), action.item_double(), readout.item_double()});
      double gradNorm = Gradients.clipNorm(opt.parameters(), spec.gradClip());
      opt.step();
      double seconds = (System.nanoTime() - t0) / 1e9;
      long supervised = shard.globalSupervisedTokens() >= 0 ? shard.globalSupervisedTokens() : loss.supervisedTokens();
      StepMetrics m = new StepMetrics(stage, spec.name(), step + 1, globalStep, global[0], global[1], global[2], global[3], lr,
          gradNorm, shard.globalSamples() / seconds, shard.globalRobotRows(), supervised);
      opt.zeroGrad(); // the gradients are not needed past the update; free them before eval or a checkpoint
      if (!Double.isFinite(m.loss())) {
        throw new IllegalStateException("stage " + spec.name() + " step " + (step + 1) + ": the loss is " + m.loss()
            + " (token " + m.tokenLoss() + ", action " + m.actionLoss() + "); lower the learning rate or check the data");
      }
      return m;
    }
  }

  private void evaluate(ChatVla vla, StageSpec spec, int stage, int step, long globalStep, MetricsLog metrics) throws IOException {
    EvalHook.EvalPoint at = new EvalHook.EvalPoint(stage, spec.name(), step, globalStep);
    Map<String, Double> all = new LinkedHashMap<>();
    vla.model().eval();
    try (Scope s = Scope.open()) {
      for (EvalHook h : setup.evalHooks()) {
        h.evaluate(vla, at).forEach((k, v) -> all.put(h.name() + "/" + k, v));
      }
    } finally {
      vla.model().train();
    }
    metrics.recordEval(new MetricsLog.EvalRecord(stage, spec.name(), step, globalStep, all));
    progress.note("eval at " + spec.name() + " step " + step + ": " + all);
  }
}
