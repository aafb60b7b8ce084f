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
  @TempDir Path tmp;

  private LocalLauncher launch(Path data, Path run, int control, int cotrain, int checkpointEvery, long dieAt) throws Exception {
    DistributedEnv job = new DistributedEnv(0, 2, 0, Optional.of(tmp.resolve("store")), "", 0, TIMEOUT);
    List<String> args = List.of(data.toString(), run.toString(), tmp.resolve("weights").toString(), Integer.toString(control),
        Integer.toString(cotrain), Integer.toString(checkpointEvery), Long.toString(dieAt));
    return LocalLauncher.start(DistributedTestWorker.class.getName(), args, job, 0, 2,
        Map.of("CHATVLA_THREADS", "1", "OMP_NUM_THREADS", "1", "OMP_WAIT_POLICY", "PASSIVE"), tmp.resolve("logs"));
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
    Path data = dataRoot(tmp.resolve("data"));
    Path run = tmp.resolve("run2");
    launch(data, run, 2, 1, 0, -1).await(); // K = 3 steps: 2 with expert 0 frozen, 1 after seeding the experts
    Map<String, float[]> r0 = read(tmp.resolve("weights-rank0.bin"));
    Map<String, float[]> r1 = read(tmp.resolve("weights-rank1.bin"));
    assertEquals(r0.keySet(), r1.keySet());
    r0.forEach((name, v) -> assertArrayEquals(v, r1.get(name), "rank 1 differs from rank 0 in " + name));

    try (Scope s = Scope.open()) {
      Recipe recipe = DistributedTestWorker.recipe(2, 1, 0);
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
      assertTrue(moved > 1e-3, "the three steps changed the weights (max change " + moved + ")");

      // Rank 0 logged the global batch's loss: the one-process curve.
      List<StepMetrics> x = MetricsLog.restore(tmp.resolve("x.jsonl"), one.resolve(MetricsLog.FILE)).steps();
      List<StepMetrics> y = MetricsLog.restore(tmp.resolve("y.jsonl"), run.resolve(MetricsLog.FILE)).steps();
      assertEquals(3, y.size());
      for (int i = 0; i < 3; i++) {
        assertEquals(x.get(i).loss(), y.get(i).loss(), 1e-5, "loss of step " + (i + 1));
        assertEquals(x.get(i).actionLoss(), y.get(i).actionLoss(), 1e-5, "action loss of step " + (i + 1));
        assertEquals(x.get(i).robotSamples(), y.get(i).robotSamples());
        assertEquals(x.get(i).supervisedTokens(), y.get(i).supervisedTokens());
      }
      assertTrue(x.stream().mapToInt(StepMetrics::robotSamples).sum() > 0, "the batches include robot rows");
    }
    // Only rank 0 wrote the run directory: its end-of-stage checkpoints (steps 2 and 3), nothing from rank 1.
    assertEquals(List.of(run.resolve("checkpoints/step-00000002"), run.resolve("checkpoints/step-00000003")), new CheckpointStore(run).list());
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
