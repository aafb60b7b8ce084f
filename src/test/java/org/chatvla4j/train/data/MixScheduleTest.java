package org.chatvla4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MixScheduleTest {
  private static double vqaShare(MixSchedule s, long from, int n) {
    int vqa = 0;
    for (long p = from; p < from + n; p++) {
      vqa += s.draw(p).source() == MixSchedule.Source.VQA ? 1 : 0;
    }
    return (double) vqa / n;
  }

  @Test
  void robotToVqaThreeToOneWithinTwoPointsInsideOnePass() {
    // 30,000 frames -> a pass of 40,000 draws, so 2,000 or 10,000 draws see a shuffle, not a whole pass.
    MixSchedule s = new MixSchedule(7, 30_000, 500, 3, 1);
    assertEquals(10_000, s.vqaPerPass());
    assertEquals(40_000, s.passLength());
    for (long from : new long[] {0, 12_345, 39_000}) {
      double share = vqaShare(s, from, 2_000);
      assertTrue(Math.abs(share - 0.25) <= 0.02, "VQA share over 2,000 draws from " + from + " = " + share);
    }
    double share = vqaShare(s, 0, 10_000);
    assertTrue(Math.abs(share - 0.25) <= 0.02, "VQA share over 10,000 draws = " + share);
    assertEquals(0.25, vqaShare(s, 0, 40_000), 0, "a whole pass holds the exact ratio");
  }

  @Test
  void aPassUsesEveryRobotFrameOnceAndCyclesVqaWithoutRepeatsWithinAVqaPass() {
    MixSchedule s = new MixSchedule(3, 90, 7, 3, 1);
    assertEquals(30, s.vqaPerPass());
    Set<Integer> robot = new HashSet<>();
    List<Integer> vqa = new ArrayList<>();
    for (int p = 0; p < s.passLength(); p++) {
      MixSchedule.Draw d = s.draw(p);
      if (d.source() == MixSchedule.Source.ROBOT) {
        assertTrue(robot.add(d.index()), "robot frame " + d.index() + " twice in one pass");
      } else {
        vqa.add(d.index());
      }
    }
    assertEquals(90, robot.size());
    // VQA slots in stream order within the pass are a shuffle of slots, but each block of 7 consecutive VQA slots
    // (by slot number) is one VQA pass: 30 slots = 4 full VQA passes + 2, so every sample appears 4 or 5 times.
    for (int i = 0; i < 7; i++) {
      final int k = i;
      long count = vqa.stream().filter(v -> v == k).count();
      assertTrue(count == 4 || count == 5, "VQA sample " + k + " used " + count + " times");
    }
  }

  @Test
  void frameCountsTheRatioDoesNotDivideRepeatTheFramesToKeepItExact() {
    MixSchedule s = new MixSchedule(5, 8, 4, 3, 1); // 8 · 1 / 3 is not whole: each frame 3 times, 8 VQA slots
    assertEquals(24, s.robotPerPass());
    assertEquals(8, s.vqaPerPass());
    int[] uses = new int[8];
    for (int p = 0; p < 32; p++) {
      MixSchedule.Draw d = s.draw(p);
      if (d.source() == MixSchedule.Source.ROBOT) {
        uses[d.index()]++;
      }
    }
    assertArrayEquals(new int[] {3, 3, 3, 3, 3, 3, 3, 3}, uses);
    assertEquals(0.25, vqaShare(s, 0, 32 * 60), 0);
  }

  @Test
  void sameSeedSameOrderOtherSeedOtherOrder() {
    MixSchedule a = new MixSchedule(11, 1000, 100, 3, 1);
    MixSchedule b = new MixSchedule(11, 1000, 100, 3, 1);
    MixSchedule c = new MixSchedule(12, 1000, 100, 3, 1);
    List<MixSchedule.Draw> da = new ArrayList<>();
    List<MixSchedule.Draw> db = new ArrayList<>();
    List<MixSchedule.Draw> dc = new ArrayList<>();
    for (int p = 0; p < 3000; p++) {
      da.add(a.draw(p));
      dc.add(c.draw(p));
    }
    for (int p = 2999; p >= 0; p--) {
      db.add(0, b.draw(p)); // any access order gives the same stream
    }
    assertEquals(da, db);
    assertNotEquals(da, dc);
  }

  @Test
  void robotOnlyAndVqaOnlyStreams() {
    MixSchedule robotOnly = new MixSchedule(1, 10, 5, 1, 0);
    MixSchedule vqaOnly = new MixSchedule(1, 10, 5, 0, 1);
    assertEquals(10, robotOnly.passLength());
    assertEquals(5, vqaOnly.passLength());
    for (int p = 0; p < 50; p++) {
      assertEquals(MixSchedule.Source.ROBOT, robotOnly.draw(p).source());
      assertEquals(MixSchedule.Source.VQA, vqaOnly.draw(p).source());
    }
    assertThrows(IllegalArgumentException.class, () -> new MixSchedule(1, 0, 5, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> new MixSchedule(1, 10, 0, 3, 1));
  }
}
