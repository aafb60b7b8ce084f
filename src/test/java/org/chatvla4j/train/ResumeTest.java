package org.chatvla4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.chatvla4j.tensor.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed after its step-2 checkpoint and resumed ends bitwise where the uninterrupted run ends. */
class ResumeTest {
  @TempDir Path tmp;

  @Test
  void killedAndResumedRunEqualsTheUninterruptedRunBitwise() throws Exception {
    try (Scope s = Scope.open()) {
      Recipe recipe = TrainerFixtures.twoStages(3, 2);
      Path data = TrainerFixtures.dataRoot(tmp.resolve("data"));

      TrainingResult straight = new Trainer(TrainerFixtures.setup(recipe, data, tmp.resolve("straight"), TrainingProgress.silent())).start();
      assertEquals(TrainingResult.Outcome.COMPLETED, straight.outcome());

      // The "kill": the process dies after step 3 of stage control, one step past its step-2 checkpoint.
      Path run = tmp.resolve("interrupted");
      RuntimeException killed = assertThrows(RuntimeException.class,
          () -> new Trainer(TrainerFixtures.setup(recipe, data, run, new DieAfter(3))).start());
      assertEquals("killed", killed.getMessage());
      assertEquals(List.of(run.resolve("checkpoints/step-00000002")), new CheckpointStore(run).list());

      TrainingResult resumed = new Trainer(TrainerFixtures.setup(recipe, data, run, TrainingProgress.silent())).resume();
      assertEquals(TrainingResult.Outcome.COMPLETED, resumed.outcome());

      Map<String, float[]> a = TrainerFixtures.snapshot(straight.model());
      Map<String, float[]> b = TrainerFixtures.snapshot(resumed.model());
      assertEquals(a.keySet(), b.keySet());
      a.forEach((name, values) -> assertArrayEquals(values, b.get(name), name));
      assertEquals(straight.state(), resumed.state(), "stage, step, generator state and batch position");
      assertEquals(5, resumed.state().globalStep());

      // The same loss curve, and metrics.jsonl holds each step once (step 3 of the killed run was dropped).
      List<StepMetrics> x = MetricsLog.restore(tmp.resolve("x.jsonl"), tmp.resolve("straight/metrics.jsonl")).steps();
      List<StepMetrics> y = MetricsLog.restore(tmp.resolve("y.jsonl"), run.resolve("metrics.jsonl")).steps();
      assertEquals(5, x.size());
      assertEquals(5, y.size());
      for (int i = 0; i < 5; i++) {
        assertEquals(i + 1, y.get(i).globalStep());
        assertEquals(x.get(i).loss(), y.get(i).loss(), "loss of step " + (i + 1));
        assertEquals(x.get(i).actionLoss(), y.get(i).actionLoss(), "action loss of step " + (i + 1));
        assertEquals(x.get(i).gradNorm(), y.get(i).gradNorm(), "grad norm of step " + (i + 1));
      }
      assertTrue(x.get(0).robotSamples() + x.get(1).robotSamples() > 0, "the batches include robot samples");

      // And the final checkpoints reload to the same weights.
      TrainingCheckpoint.Loaded ck = TrainingCheckpoint.read(new CheckpointStore(run).latest().orElseThrow());
      Map<String, float[]> c = TrainerFixtures.snapshot(ck.model());
      a.forEach((name, values) -> assertArrayEquals(values, c.get(name), name));
    }
  }

  /** Dies (throws) right after the given global step, like a process killed before its next checkpoint. */
  private record DieAfter(long globalStep) implements TrainingProgress {
    @Override
    public void stageStarted(int stage, int stageCount, StageSpec spec, int firstStep) {}

    @Override
    public void stepFinished(StepMetrics metrics) {
      if (metrics.globalStep() == globalStep) {
        throw new RuntimeException("killed");
      }
    }

    @Override
    public void note(String message) {}

    @Override
    public void stageFinished() {}
  }
}
