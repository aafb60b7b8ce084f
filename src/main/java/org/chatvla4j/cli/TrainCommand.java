package org.chatvla4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.tensor.Device;
import org.chatvla4j.train.BatchSource;
import org.chatvla4j.train.BatchSourceFactory;
import org.chatvla4j.train.ConsoleProgress;
import org.chatvla4j.train.DataParallel;
import org.chatvla4j.train.distributed.CommBackend;
import org.chatvla4j.train.distributed.DistributedEnv;
import org.chatvla4j.train.distributed.GradientSync;
import org.chatvla4j.train.distributed.NcclSupport;
import org.chatvla4j.train.distributed.GlooDataParallel;
import org.chatvla4j.train.distributed.ProcessGroup;
import org.chatvla4j.train.DataSpec;
import org.chatvla4j.train.data.MixedBatchSource;
import org.chatvla4j.train.data.MixedSources;
import org.chatvla4j.train.ModelSpec;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.train.RecipeJson;
import org.chatvla4j.train.Recipes;
import org.chatvla4j.train.Trainer;
import org.chatvla4j.train.TrainingCheckpoint;
import org.chatvla4j.train.TrainingProgress;
import org.chatvla4j.train.TrainingResult;
import org.chatvla4j.train.TrainingSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatvla train}: runs a recipe's stages (Phased Alignment Training) and writes resumable checkpoints. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train ChatVLA with a recipe (built-in name or JSON file) on a data directory (episodes/ + LLaVA json, as written",
      "by ./chatvla world generate). Checkpoints go to OUT/checkpoints/step-N (HF layout + training state); --resume",
      "continues the newest one exactly. Ctrl-C writes a checkpoint and stops."
    })
public final class TrainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--list-recipes", description = "Print the built-in recipes, one line each, and exit.")
  boolean listRecipes;

  @Option(names = "--recipe", paramLabel = "NAME|FILE", description = "A built-in recipe or a recipe JSON file.")
  String recipe;

  @Option(names = "--data", paramLabel = "DIR", description = "Data root; the recipe's data paths are relative to it.")
  Path data;

  @Option(names = "--out", paramLabel = "DIR", description = "Run directory: recipe.json, metrics.jsonl, plots/, checkpoints/.")
  Path out;

  @Option(names = "--resume", description = "Continue the run in --out from its newest checkpoint.")
  boolean resume;

  @Option(names = "--seed", paramLabel = "S", description = "Override the recipe's seed.")
  Long seed;

  @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads (default: all cores).")
  Integer threads;

  @Option(names = "--scale", paramLabel = "F", description = "Multiply every stage's steps by F (e.g. 0.1 for a quick run).")
  Double scale;

  @Option(names = "--steps-per-stage", paramLabel = "N", description = "Give every stage exactly N steps.")
  Integer stepsPerStage;

  @Option(names = "--init", paramLabel = "SPEC", description = "Override the recipe's model: preset:NAME, checkpoint:DIR or init-moe:DIR.")
  String init;

  @Option(names = "--no-progress", description = "Do not draw progress bars.")
  boolean noProgress;

  @Option(names = "--nproc", paramLabel = "N", description = "Data-parallel worker processes on this machine (torchrun's "
      + "--nproc-per-node; default 1). Each rank trains on rows r, r+N·nnodes, ... of every global batch.")
  int nproc = 1;

  @Option(names = "--nnodes", paramLabel = "N", description = "Machines in the job (default 1); with > 1 give --node-rank, "
      + "--master-addr and --master-port on every machine.")
  int nnodes = 1;

  @Option(names = "--node-rank", paramLabel = "I", description = "This machine's index, 0 … nnodes−1 (default 0).")
  int nodeRank = 0;

  @Option(names = "--master-addr", paramLabel = "HOST", description = "Rank 0's machine, serving the TCPStore rendezvous "
      + "(default: a FileStore in --out when --nnodes is 1).")
  String masterAddr;

  @Option(names = "--master-port", paramLabel = "PORT", description = "The TCPStore port on --master-addr (default 29500).")
  int masterPort = 29500;

  @Option(names = "--dist-timeout", paramLabel = "SECONDS", description = "How long a rank waits for the others in a "
      + "collective or the rendezvous before failing (default 300).")
  int distTimeout = 300;

  @Option(names = "--device", paramLabel = "cpu|cuda[:N]", description = "Where the model trains (default cpu). cuda needs "
      + "the GPU build (mvn -Pgpu); plain cuda gives rank r of --nproc the GPU cuda:LOCAL_RANK.")
  String device = "cpu";

  @Option(names = "--backend", paramLabel = "gloo|nccl", description = "c10d backend of a multi-process job (default: nccl "
      + "with --device cuda, else gloo). nccl exists only in the GPU build.")
  String backend;

  @Option(names = "--grad-sync", paramLabel = "MODE", description = "When gradients are averaged across ranks: OVERLAPPED "
      + "(buckets start while backward runs, as PyTorch DDP; default) or AFTER_BACKWARD. Both give the same update.")
  GradientSync gradSync = GradientSync.OVERLAPPED;

  @Option(names = "--bucket-mb", paramLabel = "MB", description = "Gradient bucket size in MB for the overlapped "
      + "allreduce (default 4; the first bucket is at most 1 MB).")
  double bucketMb = GlooDataParallel.DEFAULT_BUCKET_BYTES / (double) (1 << 20);

  /** Opens each stage's batches (tests substitute in-memory sources). */
  BatchSourceFactory sources = mixedBatchSource();

  @Override
  public Integer call() throws IOException {
    PrintWriter outw = spec.commandLine().getOut();
    if (listRecipes) {
      Recipes.listing().forEach(outw::println);
      outw.flush();
      return 0;
    }
    if (data == null || out == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--data and --out are required (and --recipe, or --resume)");
    }
    if (threads != null) {
      if (threads <= 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be > 0, got " + threads);
      }
      System.setProperty("chatvla.threads", Integer.toString(threads)); // read once when the engine starts
    }
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException("--data " + data + " is not a directory (make one with ./chatvla world generate --out DIR)");
    }
    boolean worker = DistributedEnv.present(System.getenv());
    Device where = parseDevice(worker);
    CommBackend comm = checkBackend(where);
    long bucketBytes = (long) (bucketMb * (1 << 20));
    if (!(bucketBytes >= 1024)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--bucket-mb must be >= 0.001 (1 KB), got " + bucketMb);
    }
    Recipe effective = effectiveRecipe();
    if (!worker && (nproc != 1 || nnodes != 1)) {
      return TrainLauncher.launch(this, spec.commandLine().getParseResult().originalArgs(), outw);
    }
    where.makeCurrent(); // before NCCL's rendezvous: rank r's communicator on cuda:LOCAL_RANK, not cuda:0
    DataParallel parallel = worker ? new GlooDataParallel(ProcessGroup.join(DistributedEnv.fromEnvironment(System.getenv()),
        ProcessGroup.DEFAULT_BUCKET_BYTES, comm), gradSync, bucketBytes) : DataParallel.single();
    if (parallel.writesOutputs()) {
      outw.println("effective recipe:");
      outw.print(RecipeJson.write(effective));
      outw.flush();
    }
    TrainingProgress progress = noProgress || !parallel.writesOutputs() ? TrainingProgress.silent() : new ConsoleProgress(System.err);
    Trainer trainer = new Trainer(new TrainingSetup(effective, data, out, sources, List.of(), progress, where), parallel);
    CountDownLatch finished = new CountDownLatch(1);
    Thread onCtrlC = new Thread(() -> {
      trainer.requestStop();
      try {
        finished.await(120, TimeUnit.SECONDS); // let the current step end and the checkpoint be written
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "chatvla-train-stop");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    TrainingResult result;
    try (progress) {
      result = resume ? trainer.resume() : trainer.start();
    } finally {
      finished.countDown();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(onCtrlC);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C arrived: the hook is running and returns once finished is counted down.
    }
    if (!parallel.writesOutputs()) {
      return 0;
    }
    outw.println(result.outcome() == TrainingResult.Outcome.COMPLETED
        ? "training finished after " + result.state().globalStep() + " steps"
        : "stopped at step " + result.state().globalStep() + "; continue with --resume");
    result.lastCheckpoint().ifPresent(p -> outw.println("checkpoint: " + p.toAbsolutePath() + " (load it with ChatVla.load or --init checkpoint:DIR)"));
    outw.println("checkpoints: " + out.resolve("checkpoints").toAbsolutePath());
    outw.println("metrics: " + out.resolve("metrics.jsonl").toAbsolutePath() + ", plots: " + out.resolve("plots").toAbsolutePath());
    outw.flush();
    return 0;
  }

  /**
   * {@code --device}, parsed once and checked before anything starts (the CPU build has no CUDA). Plain {@code cuda}
   * becomes {@code cuda:LOCAL_RANK} in a worker of a multi-process job and {@code cuda:0} otherwise, as torchrun scripts
   * pick their GPU.
   */
  private Device parseDevice(boolean worker) {
    Device d;
    try {
      d = Device.parse(device);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!worker && d.isCuda() && d.index() < 0 && nproc > 1) {
      // Each local rank takes its own GPU: the highest one must exist (checked before any worker starts).
      Device.cuda(nproc - 1).unavailableReason().ifPresent(why -> {
        throw new IllegalArgumentException("--device cuda --nproc " + nproc + " needs " + nproc + " GPUs (one per local rank): " + why);
      });
    }
    d = d.withDefaultIndex(worker ? DistributedEnv.fromEnvironment(System.getenv()).localRank() : 0);
    d.unavailableReason().ifPresent(why -> {
      throw new IllegalArgumentException("--device " + device.strip() + " cannot run here: " + why);
    });
    return d;
  }

  /** The backend for {@code --backend} (default: NCCL on CUDA, Gloo on the CPU); NCCL needs the GPU build and CUDA. */
  private CommBackend checkBackend(Device where) {
    CommBackend comm = backend == null ? CommBackend.forDevice(where.toString()) : CommBackend.parse(backend);
    if (comm == CommBackend.NCCL) {
      NcclSupport.unavailableReason().ifPresent(why -> {
        throw new IllegalArgumentException("--backend nccl cannot run here: " + why);
      });
      if (!where.isCuda()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--backend nccl reduces CUDA tensors only; add --device cuda "
            + "or use --backend gloo with --device cpu");
      }
    }
    return comm;
  }

  private Recipe effectiveRecipe() throws IOException {
    if (recipe == null) {
      if (!resume) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--recipe is required (see --list-recipes)");
      }
      // A resumed run keeps the recipe it was started with.
      Path saved = out.resolve(TrainingCheckpoint.RECIPE);
      if (!Files.isRegularFile(saved)) {
        throw new IllegalArgumentException(saved + " is missing: " + out + " is not a training run directory");
      }
      if (seed != null || scale != null || stepsPerStage != null || init != null) {
        throw new IllegalArgumentException("--resume without --recipe continues " + saved + " as it is; drop --seed, --scale, "
            + "--steps-per-stage and --init");
      }
      return RecipeJson.parse(Files.readString(saved), saved.toString());
    }
    Recipe r = Recipes.resolve(recipe);
    if (init != null) {
      r = new Recipe(r.name(), r.description(), new ModelSpec(init, OptionalInt.empty()), r.seed(), r.stages());
    }
    if (scale != null && stepsPerStage != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give --scale or --steps-per-stage, not both");
    }
    if (scale != null) {
      r = r.scaled(scale);
    }
    if (stepsPerStage != null) {
      r = r.withStepsPerStage(stepsPerStage);
    }
    if (seed != null) {
      r = r.withSeed(seed);
    }
    return r;
  }

  /** The data loader: {@link MixedBatchSource#create}, with every stage's data checked before the first step. */
  static BatchSourceFactory mixedBatchSource() {
    return new MixedSources();
  }
}
