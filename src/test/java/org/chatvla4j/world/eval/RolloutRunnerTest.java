package org.chatvla4j.world.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.EpisodeListener;
import org.chatvla4j.world.Observation;
import org.chatvla4j.world.Policy;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.oracle.PushOracle;
import org.junit.jupiter.api.Test;

class RolloutRunnerTest {

  /** A policy that wanders in chunks of three and counts how often it is asked. */
  private static final class ChunkPolicy implements Policy {
    int calls;

    @Override
    public void reset() {}

    @Override
    public double[][] act(Observation o) {
      calls++;
      return new double[][] {{0.01, 0}, {0, 0.01}, {-0.01, 0}};
    }
  }

  @Test
  void chunksAreExecutedAndListenersSeeEveryStep() {
    List<String> events = new ArrayList<>();
    EpisodeListener l =
        new EpisodeListener() {
          @Override
          public void episodeStarted(Episode e, Observation first) {
            events.add("start " + e.family() + " " + e.index());
          }

          @Override
          public void stepped(Step s) {
            events.add("step " + s.step() + (s.reasoning() == null ? "" : " " + s.reasoning()));
          }

          @Override
          public void episodeEnded(Episode e, Observation last, boolean success, int steps) {
            events.add("end " + success + " " + steps);
          }
        };
    ChunkPolicy p = new ChunkPolicy();
    EvalReport r =
        new RolloutRunner(new EvalConfig(List.of(TaskFamily.SEPARATE), 1, 10, BlockSet.BLOCK_8, 0))
            .progress(false)
            .listener(l)
            .run(env -> p);
    assertEquals(4, p.calls, "10 steps in chunks of 3");
    assertEquals("start separate 0", events.get(0));
    for (int i = 0; i < 10; i++) {
      assertEquals("step " + i, events.get(1 + i));
    }
    assertEquals("end false 10", events.get(11));
    assertEquals(0, r.result(TaskFamily.SEPARATE).successes());
    assertTrue(Double.isNaN(r.result(TaskFamily.SEPARATE).meanSteps()));
  }

  @Test
  void reportsAreReproducible() {
    EvalConfig c = new EvalConfig(List.of(TaskFamily.SEPARATE, TaskFamily.BLOCK2RELATIVELOCATION), 3, 200, BlockSet.BLOCK_8, 5);
    String a = new RolloutRunner(c).progress(false).run(env -> new PushOracle(env::task)).table();
    String b = new RolloutRunner(c).progress(false).run(env -> new PushOracle(env::task)).table();
    assertEquals(a, b);
    assertTrue(a.contains("separate") && a.contains("mean"), a);
  }

  @Test
  void badConfigsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> EvalConfig.OFFICIAL.withEpisodes(0));
    assertThrows(IllegalArgumentException.class, () -> EvalConfig.OFFICIAL.withEpisodes(-3));
    assertThrows(IllegalArgumentException.class, () -> EvalConfig.OFFICIAL.withMaxSteps(0));
    assertThrows(IllegalArgumentException.class, () -> EvalConfig.OFFICIAL.withFamilies(List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> EvalConfig.OFFICIAL.withFamilies(List.of(TaskFamily.SEPARATE, TaskFamily.SEPARATE)));
  }

  @Test
  void episodeSeedsAreDistinct() {
    assertTrue(RolloutRunner.episodeSeed(0, 0) != RolloutRunner.episodeSeed(0, 1));
    assertTrue(RolloutRunner.episodeSeed(0, 1) != RolloutRunner.episodeSeed(1, 0));
  }
}
