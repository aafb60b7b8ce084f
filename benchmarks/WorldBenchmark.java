package org.chatvla4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.eval.EvalConfig;
import org.chatvla4j.world.eval.EvalReport;
import org.chatvla4j.world.eval.RolloutRunner;
import org.chatvla4j.world.oracle.PushOracle;

/**
 * Single-thread speed of the tabletop world: physics control steps per second with BLOCK_8 (one step = 24 dyn4j
 * substeps at 240 Hz plus the env's clipping, scene read-out and success check), and oracle episodes per minute
 * under the eval protocol (layout sampling, settling and the plan check included). Both are reported per wall
 * second and per second of this thread's CPU time, which is the per-core figure on a shared machine.
 *
 * <p>Run: {@code ./chatvla bench WorldBenchmark [episodes per family]}.
 */
public final class WorldBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private record Timing(double wallS, double cpuS) {}

  private static Timing time(Runnable r) {
    long c0 = THREADS.getCurrentThreadCpuTime();
    long w0 = System.nanoTime();
    r.run();
    return new Timing((System.nanoTime() - w0) / 1e9, (THREADS.getCurrentThreadCpuTime() - c0) / 1e9);
  }

  public static void main(String[] args) {
    int rounds = 5;
    int steps = 2000;
    // Physics: random-walk actions through the full env step, reset every 200 steps (reset time excluded).
    double[] wallRate = new double[rounds];
    double[] cpuRate = new double[rounds];
    TabletopEnv env = new TabletopEnv(BlockSet.BLOCK_8, TaskFamily.BLOCK2BLOCK);
    for (int round = -2; round < rounds; round++) { // two warm-up rounds
      double wall = 0;
      double cpu = 0;
      for (int chunk = 0; chunk < steps / 200; chunk++) {
        env.reset(1000L * round + chunk);
        int seed = chunk;
        Timing t =
            time(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    double a = 0.37 * i + seed;
                    env.step(new double[] {0.03 * Math.cos(a), 0.03 * Math.sin(1.3 * a)});
                  }
                });
        wall += t.wallS;
        cpu += t.cpuS;
      }
      if (round >= 0) {
        wallRate[round] = steps / wall;
        cpuRate[round] = steps / cpu;
      }
    }
    Arrays.sort(wallRate);
    Arrays.sort(cpuRate);
    System.out.printf(
        Locale.ROOT,
        "physics, BLOCK_8: %.0f control steps/s per CPU-second (median of %d x %d steps; %.0f per wall second)%n",
        cpuRate[rounds / 2],
        rounds,
        steps,
        wallRate[rounds / 2]);

    // Oracle episodes under the eval protocol.
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    EvalConfig config = EvalConfig.OFFICIAL.withEpisodes(episodes).withSeed(123);
    new RolloutRunner(config.withEpisodes(2)).progress(false).run(e -> new PushOracle(e::task)); // warm-up
    EvalReport[] report = new EvalReport[1];
    Timing t = time(() -> report[0] = new RolloutRunner(config).progress(false).run(e -> new PushOracle(e::task)));
    int n = config.families().size() * episodes;
    long totalSteps =
        report[0].families().stream().mapToLong(f -> Math.round(f.meanSteps() * f.successes())).sum();
    System.out.printf(
        Locale.ROOT,
        "oracle, eval protocol (5 families x %d, BLOCK_8): %.0f episodes/min per CPU-minute (%.0f per wall minute),"
            + " mean success %.1f%%, ~%d steps in successful episodes%n",
        episodes,
        n / t.cpuS * 60,
        n / t.wallS * 60,
        100 * report[0].meanRate(),
        totalSteps);
  }
}
