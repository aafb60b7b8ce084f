package org.chatvla4j.train.distributed;

import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.TrainingBatch;
import org.chatvla4j.model.TrainingSample;
import org.chatvla4j.nn.Parameter;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.train.BatchSourceFactory;
import org.chatvla4j.train.InMemoryBatches;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.train.RecipeJson;
import org.chatvla4j.train.SampledBatchSource;
import org.chatvla4j.train.Trainer;
import org.chatvla4j.train.TrainingProgress;
import org.chatvla4j.train.TrainingResult;
import org.chatvla4j.train.TrainingSetup;

/**
 * A worker JVM of the two-rank tests: joins the group from the environment, trains the test recipe on in-memory
 * batches and writes its final weights to {@code WEIGHTS-rankN.bin}. Exit codes: 0 done, 3 a peer failed
 * ({@link PeerFailureException}), 137 when told to die before reading batch {@code DIE_AT} (rank 1 only).
 * Arguments: DATA RUN WEIGHTS CONTROL_STEPS COTRAIN_STEPS CHECKPOINT_EVERY DIE_AT [SYNC BUCKET_BYTES]; with SYNC
 * (a {@link GradientSync} name) it also writes {@code WEIGHTS-rankN.txt}: the fraction of buckets started during backward.
 */
public final class DistributedTestWorker {
  private DistributedTestWorker() {}

  static Recipe recipe(int controlSteps, int cotrainSteps, int checkpointEvery) {
    return RecipeJson.parse("""
        {"name": "dist-test", "model": {"init": "preset:tiny"}, "seed": 11,
         "stages": [
          {"name": "control", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 1, "vqa_parts": 1},
           "frozen": ["static_expert\\\\.experts\\\\.0\\\\."], "steps": %d, "batch_size": 4,
           "lr_schedule": {"type": "constant", "lr": 0.002}, "checkpoint_every": %d},
          {"name": "cotrain", "data": {"episodes": ["episodes"], "vqa": ["vqa.json"], "robot_parts": 3, "vqa_parts": 1},
           "expert_init": "copy-expert-0", "steps": %d, "batch_size": 4, "lr_schedule": {"type": "constant", "lr": 0.001}}
         ]}
        """.formatted(controlSteps, checkpointEvery, cotrainSteps), "distributed test recipe");
  }

  public static void main(String[] a) throws Exception {
    Path data = Path.of(a[0]);
    Path run = Path.of(a[1]);
    Path weights = Path.of(a[2]);
    Recipe recipe = recipe(Integer.parseInt(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]));
    long dieAt = Long.parseLong(a[6]);
    GradientSync sync = a.length > 7 ? GradientSync.valueOf(a[7]) : GradientSync.OVERLAPPED;
    long bucketBytes = a.length > 8 ? Long.parseLong(a[8]) : GlooDataParallel.DEFAULT_BUCKET_BYTES;
    DistributedEnv env = DistributedEnv.fromEnvironment(System.getenv());
    try (Scope s = Scope.open()) {
      ProcessGroup group = ProcessGroup.join(env);
      BatchSourceFactory sources = env.rank() == 1 && dieAt >= 0 ? dyingAt(dieAt) : InMemoryBatches.factory();
      GlooDataParallel dp = new GlooDataParallel(group, sync, bucketBytes);
      TrainingResult r = new Trainer(new TrainingSetup(recipe, data, run, sources, List.of(), TrainingProgress.silent()), dp).start();
      if (a.length > 7) {
        Files.writeString(Path.of(weights + "-rank" + env.rank() + ".txt"), Double.toString(dp.startedDuringBackwardFraction()));
      }
      LinkedHashMap<String, float[]> out = new LinkedHashMap<>();
      for (Parameter p : r.model().model().parameters().values()) {
        out.put(p.name(), Tensors.toFloats(p.tensor().detach()));
      }
      try (ObjectOutputStream o = new ObjectOutputStream(Files.newOutputStream(Path.of(weights + "-rank" + env.rank() + ".bin")))) {
        o.writeObject(out);
      }
      System.out.println("rank " + env.rank() + " done; allreduce " + group.allreduceTime().toMillis() + " ms, "
          + group.allreduceBytes() + " bytes");
    } catch (PeerFailureException e) {
      System.err.println("rank " + env.rank() + ": " + e.getMessage());
      System.exit(3);
    }
    System.exit(0);
  }

  /** In-memory batches that kill the process (no cleanup, like kill -9) when batch {@code at} is requested. */
  private static BatchSourceFactory dyingAt(long at) {
    BatchSourceFactory inner = InMemoryBatches.factory();
    return (spec, vla, batch, seed, stats) -> {
      SampledBatchSource src = (SampledBatchSource) inner.open(spec, vla, batch, seed, stats);
      return new SampledBatchSource() {
        @Override
        public List<TrainingSample> samples(long b) {
          if (b == at) {
            Runtime.getRuntime().halt(137);
          }
          return src.samples(b);
        }

        @Override
        public TrainingBatch collate(List<TrainingSample> samples) {
          return src.collate(samples);
        }

        @Override
        public TrainingBatch next() {
          return collate(samples(position()));
        }

        @Override
        public long position() {
          return src.position();
        }

        @Override
        public void seek(long position) {
          src.seek(position);
        }

        @Override
        public Optional<DatasetStats> stats() {
          return src.stats();
        }
      };
    };
  }
}
