package org.chatvla4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.train.data.MixedSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kill -9}: {@code chatvla train} runs in a child JVM, is paused (test hook) with its step-2 checkpoint
 * fully written into the hidden partial directory but not yet renamed, and is killed with SIGKILL. The step-1
 * checkpoint must load, the partial one must stay invisible, and {@code --resume} must end where an uninterrupted run ends.
 */
class KillDuringCheckpointTest {
  private static final String RECIPE = """
      {"name": "kill", "model": {"init": "preset:tiny"}, "seed": 5, "stages": [
        {"name": "control", "data": {"episodes": ["episodes"], "robot_parts": 1, "vqa_parts": 0, "reasoning": true},
         "steps": 4, "batch_size": 2, "lr_schedule": {"type": "constant", "lr": 0.001}, "checkpoint_every": 1}]}
      """;

  @TempDir Path tmp;

  @Test
  void killedWhileWritingACheckpointLeavesThePreviousOneLoadableAndResumable() throws Exception {
    Path data = TinyDataset.write(tmp.resolve("data"), 2, 6, 28, 28);
    Path recipeFile = tmp.resolve("kill.json");
    Files.writeString(recipeFile, RECIPE);
    Path run = tmp.resolve("run");
    Path checkpoints = run.resolve("checkpoints");

    Process child = startTraining(recipeFile, data, run, tmp.resolve("child.log"));
    try {
      Path partial = waitForPausedCommit(child, checkpoints, tmp.resolve("child.log"));
      assertTrue(Files.isDirectory(checkpoints.resolve("step-00000001")), "step 1 was committed before step 2 started");
      child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
      assertEquals(137, child.exitValue(), "128 + SIGKILL");
      assertTrue(Files.isDirectory(partial), "the kill left the partial directory behind");
    } finally {
      child.destroyForcibly();
    }

    CheckpointStore store = new CheckpointStore(run);
    assertEquals(List.of(checkpoints.resolve("step-00000001")), store.list(), "the half-committed step 2 is not visible");
    Recipe recipe = RecipeJson.parse(RECIPE, "kill.json");
    try (Scope s = Scope.open()) {
      ChatVla loaded = ChatVla.load(checkpoints.resolve("step-00000001"), DType.F32);
      TrainingCheckpoint.Loaded ck = TrainingCheckpoint.read(checkpoints.resolve("step-00000001"));
      assertEquals(new TrainingState(0, 1, 1, ck.state().rngState(), 1), ck.state());
      assertTrue(ck.stats().isPresent(), "dataset_stats.json is in the checkpoint");
      Map<String, float[]> a = TrainerFixtures.snapshot(loaded);
      Map<String, float[]> b = TrainerFixtures.snapshot(ck.model());
      a.forEach((name, values) -> assertArrayEquals(values, b.get(name), name));

      TrainingResult resumed = new Trainer(setup(recipe, data, run)).resume();
      assertEquals(TrainingResult.Outcome.COMPLETED, resumed.outcome());
      assertEquals(4, resumed.state().globalStep());
      assertEquals(Optional.of(checkpoints.resolve("step-00000004")), resumed.lastCheckpoint());
      try (Stream<Path> left = Files.list(checkpoints)) {
        assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".")), "resume removed the leftovers");
      }

      // Steps 2..4 after the kill continue the exact run: the same weights as 4 uninterrupted steps. Step 1 came from
      // another JVM on one intra-op thread, so allow float rounding from a different split (observed: 3.6e-7).
      TrainingResult straight = new Trainer(setup(recipe, data, tmp.resolve("straight"))).start();
      assertEquals(straight.state(), resumed.state(), "stage, step, generator state and batch position");
      Map<String, float[]> x = TrainerFixtures.snapshot(straight.model());
      Map<String, float[]> y = TrainerFixtures.snapshot(resumed.model());
      double worst = 0;
      for (Map.Entry<String, float[]> e : x.entrySet()) {
        float[] v = y.get(e.getKey());
        for (int i = 0; i < v.length; i++) {
          worst = Math.max(worst, Math.abs(v[i] - e.getValue()[i]));
        }
      }
      System.out.println("kill -9 test: max |straight - resumed| = " + worst);
      assertTrue(worst <= 1e-6, "max |straight − resumed| = " + worst);
    }
  }

  private static TrainingSetup setup(Recipe recipe, Path data, Path run) {
    return new TrainingSetup(recipe, data, run, new MixedSources(), List.of(), TrainingProgress.silent());
  }

  private static Process startTraining(Path recipe, Path data, Path run, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> !a.startsWith("-agentlib")).toList());
    cmd.add("-D" + CheckpointStore.PAUSE_BEFORE_COMMIT + "=2");
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.chatvla4j.cli.Main", "train", "--recipe", recipe.toString(),
        "--data", data.toString(), "--out", run.toString(), "--no-progress", "--threads", "1"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The step-2 partial directory once it holds the trainer state (written last), i.e. the child is paused before the rename. */
  private static Path waitForPausedCommit(Process child, Path checkpoints, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new AssertionError("the training process ended early (exit " + child.exitValue() + "):\n" + Files.readString(log));
      }
      if (Files.isDirectory(checkpoints)) {
        try (Stream<Path> s = Files.list(checkpoints)) {
          Optional<Path> partial = s.filter(p -> p.getFileName().toString().startsWith(".step-00000002.partial-"))
              .filter(p -> Files.isRegularFile(p.resolve(TrainingState.FILE))).findFirst();
          if (partial.isPresent()) {
            return partial.get();
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no step-2 partial checkpoint within 90 s:\n" + Files.readString(log));
  }
}
