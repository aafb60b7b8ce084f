package org.chatvla4j.train.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.chatvla4j.nn.Parameter;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.train.CheckpointStore;
import org.chatvla4j.train.InMemoryBatches;
import org.chatvla4j.train.MetricsLog;
import org.chatvla4j.train.Recipe;
import org.chatvla4j.train.StepMetrics;
import org.chatvla4j.train.Trainer;
import org.chatvla4j.train.TrainingCheckpoint;
import org.chatvla4j.train.TrainingProgress;
import org.chatvla4j.train.TrainingResult;
import org.chatvla4j.train.TrainingSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two worker JVMs joined by a Gloo process group over loopback, against one process over the same global batches. */
class TwoRankTrainingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** Small buckets so the tiny model's ~1.8 MB of gradients spans many, some started inside backward, some after. */
  private static final long SMALL_BUCKETS = 32 << 10;
  @TempDir Path tmp;
  /** The overlapped two-rank run, shared by the tests that compare against it (made by the first that needs it). */
  @TempDir static Path shared;
  private static Path overlappedRun;

  private LocalLauncher launch(Path data, Path run, int control, int cotrain, int checkpointEvery, long dieAt) throws Exception {
    return launch(tmp, data, run, control, cotrain, checkpointEvery, dieAt, List.of());
  }

  private static LocalLauncher launch(Path dir, Path data, Path run, int control, int cotrain, int checkpointEvery, long dieAt,
      List<String> sync) throws Exception {
    DistributedEnv job = new DistributedEnv(0, 2, 0, Optional.of(dir.resolve("store")), "", 0, TIMEOUT);
    List<String> args = new java.util.ArrayList<>(List.of(data.toString(), run.toString(), dir.resolve("weights").toString(),
        Integer.toString(control), Integer.toString(cotrain), Integer.toString(checkpointEvery), Long.toString(dieAt)));
    args.addAll(sync);
    return LocalLauncher.start(DistributedTestWorker.class.getName(), args, job, 0, 2,
        Map.of("CHATVLA_THREADS", "1", "OMP_NUM_THREADS", "1", "OMP_WAIT_POLICY", "PASSIVE"), dir.resolve("logs"));
  }

  /**
   * Two ranks, 3 control + 1 cotrain steps, gradients reduced from inside backward in 32 KB buckets; its directory. On
   * step 2 a rank has no robot row, so the action head moves to the last buckets and step 3 runs on the new layout.
   */
  private static synchronized Path overlappedRun() throws Exception {
    if (overlappedRun == null) {
      Path dir = Files.createDirectories(shared.resolve("overlapped"));
      launch(dir, dataRoot(dir.resolve("data")), dir.resolve("run2"), 3, 1, 0, -1,
          List.of(GradientSync.OVERLAPPED.name(), Long.toString(SMALL_BUCKETS))).await();
      overlappedRun = dir;
    }
    return overlappedRun;
  }

  private static Path dataRoot(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("episodes"));
    Files.writeString(dir.resolve("vqa.json"), "[]");
    return dir;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, float[]> read(Path f) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(f))) {
      return (Map<String, float[]>) in.readObject();
    }
  }

  @Test
  void twoRanksEndBitwiseIdenticalAndEqualOneProcessOverTheSameGlobalBatches() throws Exception {
    Path dir = overlappedRun(); // K = 4 steps: 3 with expert 0 frozen, 1 after seeding the experts
    Path data = dir.resolve("data");
    Path run = dir.resolve("run2");
    Map<String, float[]> r0 = read(dir.resolve("weights-rank0.bin"));
    Map<String, float[]> r1 = read(dir.resolve("weights-rank1.bin"));
    assertEquals(r0.keySet(), r1.keySet());
    r0.forEach((name, v) -> assertArrayEquals(v, r1.get(name), "rank 1 differs from rank 0 in " + name));

    try (Scope s = Scope.open()) {
      Recipe recipe = DistributedTestWorker.recipe(3, 1, 0);
      Path one = tmp.resolve("run1");
      TrainingResult single = new Trainer(new TrainingSetup(recipe, data, one, InMemoryBatches.factory(), List.of(),
          TrainingProgress.silent())).start();
      double worst = 0;
      double moved = 0;
      Map<String, float[]> init = snapshot(org.chatvla4j.train.InitialModel.create(recipe.model(), recipe.seed()).model().parameters().values());
      for (Parameter p : single.model().model().parameters().values()) {
        float[] a = Tensors.toFloats(p.tensor().detach());
        float[] b = r0.get(p.name());
        float[] c = init.get(p.name());
        for (int i = 0; i < a.length; i++) {
          worst = Math.max(worst, Math.abs(a[i] - b[i]));
          moved = Math.max(moved, Math.abs(a[i] - c[i]));
        }
      }
      System.out.printf("two ranks vs one process: max |Δw| = %.3g; training moved weights by up to %.3g%n", worst, moved);
      assertTrue(worst <= 1e-5, "max |w(2 ranks) − w(1 process)| = " + worst);
      assertTrue(moved > 1e-3, "the four steps changed the weights (max change " + moved + ")");

      // Rank 0 logged the global batch's loss: the one-process curve.
      List<StepMetrics> x = MetricsLog.restore(tmp.resolve("x.jsonl"), one.resolve(MetricsLog.FILE)).steps();
      List<StepMetrics> y = MetricsLog.restore(tmp.resolve("y.jsonl"), run.resolve(MetricsLog.FILE)).steps();
      assertEquals(4, y.size());
      for (int i = 0; i < 4; i++) {
        assertEquals(x.get(i).loss(), y.get(i).loss(), 1e-5, "loss of step " + (i + 1));
        assertEquals(x.get(i).actionLoss(), y.get(i).actionLoss(), 1e-5, "action loss of step " + (i + 1));
        assertEquals(x.get(i).robotSamples(), y.get(i).robotSamples());
        assertEquals(x.get(i).supervisedTokens(), y.get(i).supervisedTokens());
      }
      assertTrue(x.stream().mapToInt(StepMetrics::robotSamples).sum() > 0, "the batches include robot rows");
    }
    // Only rank 0 wrote the run directory: its end-of-stage checkpoints (steps 3 and 4), nothing from rank 1.
    assertEquals(List.of(run.resolve("checkpoints/step-00000003"), run.resolve("checkpoints/step-00000004")), new CheckpointStore(run).list());
  }

  @Test
  void overlappedBucketsGiveBitwiseTheSameWeightsAsReducingAfterBackward() throws Exception {
    Path overlapped = overlappedRun();
    launch(tmp, dataRoot(tmp.resolve("data")), tmp.resolve("run"), 3, 1, 0, -1,
        List.of(GradientSync.AFTER_BACKWARD.name(), Long.toString(SMALL_BUCKETS))).await();
    for (int rank = 0; rank < 2; rank++) {
      Map<String, float[]> after = read(tmp.resolve("weights-rank" + rank + ".bin"));
      Map<String, float[]> during = read(overlapped.resolve("weights-rank" + rank + ".bin"));
      assertEquals(after.keySet(), during.keySet());
      for (Map.Entry<String, float[]> e : after.entrySet()) {
        assertArrayEquals(e.getValue(), during.get(e.getKey()), "rank " + rank + ": overlapped differs in " + e.getKey());
      }
      double early = Double.parseDouble(Files.readString(overlapped.resolve("weights-rank" + rank + ".txt")));
      System.out.printf("rank %d: %.0f%% of the overlapped buckets started during backward%n", rank, 100 * early);
      // Some buckets start inside backward. Not all: on a step where this rank's rows reach no robot row (or no VQA
      // row) the action head (or expert 0) has no gradient here, so its bucket and every later one wait for backward's end.
      assertTrue(early > 0, "no bucket started during backward on rank " + rank);
      assertEquals(0.0, Double.parseDouble(Files.readString(tmp.resolve("weights-rank" + rank + ".txt"))), "after-backward starts none early");
    }
  }

  @Test
  void aRankThatDiesStopsTheOtherWithAnErrorWithinTheTimeoutAndTheLastCheckpointStaysIntact() throws Exception {
    Path data = dataRoot(tmp.resolve("data"));
    Path run = tmp.resolve("run");
    LocalLauncher job = launch(data, run, 5, 1, 1, 2); // rank 1 dies before the third batch
    Process rank0 = job.processes().get(0);
    Process rank1 = job.processes().get(1);
    assertTrue(rank1.waitFor(90, TimeUnit.SECONDS), "rank 1 did not reach batch 2");
    assertEquals(137, rank1.exitValue());
    long died = System.nanoTime();
    boolean stopped = rank0.waitFor(TIMEOUT.toSeconds() + 15, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - died) / 1e9;
    if (!stopped) {
      rank0.destroyForcibly();
    }
    System.out.printf("rank 0 stopped %.2f s after rank 1 died%n", seconds);
    assertTrue(stopped, "rank 0 still running " + seconds + " s after its peer died (timeout " + TIMEOUT + ")");
    assertEquals(3, rank0.exitValue(), "rank 0 exits with the peer-failure code");
    assertTrue(seconds < TIMEOUT.toSeconds() + 10, "rank 0 took " + seconds + " s to stop");

    CheckpointStore store = new CheckpointStore(run);
    assertEquals(List.of(run.resolve("checkpoints/step-00000001"), run.resolve("checkpoints/step-00000002")), store.list());
    try (Scope s = Scope.open()) {
      TrainingCheckpoint.Loaded ck = TrainingCheckpoint.read(store.latest().orElseThrow());
      assertEquals(2, ck.state().globalStep());
    }
    assertFalse(Files.list(store.directory()).anyMatch(p -> p.getFileName().toString().startsWith(".")), "no partial checkpoint left");
  }

  private static Map<String, float[]> snapshot(java.util.Collection<Parameter> ps) {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    for (Parameter p : ps) {
      out.put(p.name(), Tensors.toFloats(p.tensor().detach()));
    }
    return out;
  }
}
