package org.chatvla4j.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.chatvla4j.image.RgbImage;
import org.junit.jupiter.api.Test;

class ActionChunkBrokerTest {
  /** Chunk k holds actions {k, i} for i = 0..7, so every served action tells which query and index it came from. */
  private static final class Counting implements ChunkPolicy {
    int calls;
    int resets;

    @Override
    public ActionChunk infer(RobotQuery q) {
      float[][] a = new float[8][];
      for (int i = 0; i < 8; i++) {
        a[i] = new float[] {calls, i};
      }
      calls++;
      return new ActionChunk(a, "chunk " + (calls - 1));
    }

    @Override
    public void reset() {
      resets++;
    }
  }

  private static final RobotQuery Q = new RobotQuery(List.of(new RgbImage(1, 1, new byte[3])), new float[] {0}, "go");

  @Test
  void servesOneActionPerCallAndRequeriesWhenExhausted() {
    Counting inner = new Counting();
    ActionChunkBroker broker = new ActionChunkBroker(inner, 3);
    for (int step = 0; step < 7; step++) {
      assertArrayEquals(new float[] {step / 3, step % 3}, broker.next(Q), "step " + step);
    }
    assertEquals(3, inner.calls);
    assertEquals("chunk 2", broker.reasoning());
    broker.reset();
    assertEquals(1, inner.resets);
    assertArrayEquals(new float[] {3, 0}, broker.next(Q));
  }

  @Test
  void aChunkShorterThanTheHorizonIsUsedUpFirst() {
    Counting inner = new Counting();
    ActionChunkBroker broker = new ActionChunkBroker(inner, 100);
    for (int step = 0; step < 17; step++) {
      assertArrayEquals(new float[] {step / 8, step % 8}, broker.next(Q));
    }
    assertEquals(3, inner.calls);
  }
}
