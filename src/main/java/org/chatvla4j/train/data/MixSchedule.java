package org.chatvla4j.train.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which sample sits at each position of a stage's sample stream. The stream is cut into passes; one pass holds every
 * robot frame r times and {@code r · robotFrames · vqaParts / robotParts} VQA slots, in an order shuffled from {@code
 * (seed, pass)}, where r ≥ 1 is the smallest repeat that makes that count whole (r = 1 whenever {@code robotFrames · vqaParts} is a
 * multiple of {@code robotParts}; r ≤ robotParts). VQA slots walk through the VQA samples in their own shuffled
 * passes, so every VQA sample is used once before any is used twice, whatever the ratio. ChatVLA's loader does the
 * same up to its sampler: robot frames plus {@code int(frames · vl_ratio)} VL samples, shuffled (chatvla-paper.md
 * §4.3).
 *
 * <p>The robot : VQA ratio is therefore exact over every whole pass and hypergeometric within one (within ±2 points of
 * the asked share after a few thousand draws). Not thread-safe (it caches the last permutations).
 */
public final class MixSchedule {
  /** Where a drawn sample comes from. */
  public enum Source {
    ROBOT,
    VQA
  }

  /** One position of the stream: a robot frame index or a VQA sample index. */
  public record Draw(Source source, int index) {}

  private final long seed;
  private final int robotFrames;
  private final int robotPerPass;
  private final int vqaSamples;
  private final int vqaPerPass;
  private final int passLength;
  private final Map<Long, int[]> passOrders = lru();
  private final Map<Long, int[]> vqaOrders = lru();

  /**
   * @param robotFrames robot frames available (0 when the stage has no robot data)
   * @param vqaSamples VQA samples available (0 when none)
   */
  public MixSchedule(long seed, int robotFrames, int vqaSamples, int robotParts, int vqaParts) {
    if (robotParts < 0 || vqaParts < 0 || robotParts + vqaParts == 0) {
      throw new IllegalArgumentException("robot_parts and vqa_parts must be >= 0 and not both 0, got " + robotParts + ":" + vqaParts);
    }
    if (robotParts > 0 && robotFrames <= 0) {
      throw new IllegalArgumentException("robot_parts is " + robotParts + " but there are no robot frames; add episodes or set robot_parts 0");
    }
    if (vqaParts > 0 && vqaSamples <= 0) {
      throw new IllegalArgumentException("vqa_parts is " + vqaParts + " but there are no VQA samples; add a VQA file or set vqa_parts 0");
    }
    this.seed = seed;
    this.robotFrames = robotParts > 0 ? robotFrames : 0;
    this.vqaSamples = vqaSamples;
    long robot;
    long vqa;
    if (vqaParts == 0) {
      robot = this.robotFrames;
      vqa = 0;
    } else if (robotParts == 0) {
      robot = 0;
      vqa = vqaSamples;
    } else {
      long repeats = robotParts / gcd((long) this.robotFrames * vqaParts, robotParts);
      robot = repeats * this.robotFrames;
      vqa = robot * vqaParts / robotParts;
    }
    if (robot + vqa > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a pass of " + robot + " robot and " + vqa + " VQA draws is too long; use a simpler"
          + " ratio than " + robotParts + ":" + vqaParts);
    }
    this.robotPerPass = (int) robot;
    this.vqaPerPass = (int) vqa;
    this.passLength = robotPerPass + vqaPerPass;
  }

  /** Samples in one pass (one "epoch" of the mixed stream). */
  public int passLength() {
    return passLength;
  }

  /** Robot draws per pass (every frame the same number of times). */
  public int robotPerPass() {
    return robotPerPass;
  }

  /** VQA slots per pass. */
  public int vqaPerPass() {
    return vqaPerPass;
  }

  /** The sample at stream position {@code position} (0-based, over all passes). */
  public Draw draw(long position) {
    if (position < 0) {
      throw new IllegalArgumentException("stream position must be >= 0, got " + position);
    }
    long pass = position / passLength;
    int entry = order(passOrders, Seeds.SLOT_ORDER, pass, passLength)[(int) (position % passLength)];
    if (entry < robotPerPass) {
      return new Draw(Source.ROBOT, entry % robotFrames);
    }
    long vqaSlot = pass * vqaPerPass + (entry - robotPerPass);
    int[] vqaOrder = order(vqaOrders, Seeds.VQA_ORDER, vqaSlot / vqaSamples, vqaSamples);
    return new Draw(Source.VQA, vqaOrder[(int) (vqaSlot % vqaSamples)]);
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private int[] order(Map<Long, int[]> cache, long purpose, long pass, int n) {
    return cache.computeIfAbsent(pass, p -> Seeds.permutation(n, Seeds.stream(seed, purpose, p)));
  }

  /** Two entries: a batch straddles at most one pass boundary, so regenerating a permutation is rare. */
  private static Map<Long, int[]> lru() {
    return new LinkedHashMap<>(4, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, int[]> eldest) {
        return size() > 2;
      }
    };
  }
}
