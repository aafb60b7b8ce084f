package org.chatvla4j.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chatvla4j.data.Episode;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.dataset.EpisodeRecording;
import org.chatvla4j.world.dataset.GenerateConfig;
import org.chatvla4j.world.dataset.OracleAttempt;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * What {@code world generate --action-noise} costs: for each noise level, the push oracle's attempts (in generation's
 * order, the same attempts {@code world generate} would run) until {@code episodes} are kept, with the success rate
 * per attempt, the failures per family, the mean steps of a kept episode, the mean |label| (the oracle's clean step)
 * and the mean |executed − label| over the kept episodes' steps (executed = the target's move between consecutive
 * recorded scenes, label = the recorded action).
 *
 * <pre>./chatvla bench DartNoiseSweep [episodes 40] [HxW 90x160] [threads 2] [noise levels 0,0.003,0.005,0.01]</pre>
 */
public final class DartNoiseSweep {
  private DartNoiseSweep() {}

  public static void main(String[] args) throws Exception {
    int episodes = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    String[] hw = (args.length > 1 ? args[1] : "90x160").split("x");
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    String levels = args.length > 3 ? args[3] : "0,0.003,0.005,0.01";
    ImageSize size = new ImageSize(Integer.parseInt(hw[0]), Integer.parseInt(hw[1]));
    System.out.printf(Locale.ROOT, "%d kept episodes per level, BLOCK_8, five eval families, %s, seed 0, %d threads%n",
        episodes, size, threads);
    System.out.printf(Locale.ROOT, "%-8s %8s %5s %9s %10s %10s %12s %8s  %s%n", "noise m", "attempts", "kept",
        "success", "steps/ep", "|label| mm", "|exec-lab| mm", "seconds", "failed per family");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ThreadLocal<SceneRenderer> renderers = ThreadLocal.withInitial(() -> SceneRenderer.languageTable(size));
    try {
      for (String level : levels.split(",")) {
        GenerateConfig config =
            GenerateConfig.defaults(episodes).withImageSize(size).withActionNoise(Double.parseDouble(level));
        sweep(config, pool, renderers, threads);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void sweep(GenerateConfig config, ExecutorService pool, ThreadLocal<SceneRenderer> renderers,
      int threads) throws Exception {
    long t0 = System.nanoTime();
    int kept = 0;
    int attempts = 0;
    long steps = 0;
    double labelSum = 0;
    double gapSum = 0;
    Map<TaskFamily, Integer> failed = new EnumMap<>(TaskFamily.class);
    List<Future<OracleAttempt>> inFlight = new ArrayList<>();
    int submitted = 0;
    while (kept < config.episodes() && (submitted < config.maxAttempts() || !inFlight.isEmpty())) {
      while (inFlight.size() < threads + 1 && submitted < config.maxAttempts()) {
        int index = submitted++;
        inFlight.add(pool.submit(() -> OracleAttempt.run(config, index, renderers.get())));
      }
      OracleAttempt a = inFlight.removeFirst().get();
      attempts++;
      EpisodeRecording r = a.recording();
      if (!a.success() || r.steps() == 0) {
        failed.merge(a.family(), 1, Integer::sum);
        continue;
      }
      kept++;
      Episode e = r.episode();
      float[][] actions = e.actions();
      for (int t = 0; t < actions.length; t++) {
        SceneState before = r.scene(t);
        SceneState after = r.scene(t + 1);
        double ex = after.targetX() - before.targetX();
        double ey = after.targetY() - before.targetY();
        labelSum += Math.hypot(actions[t][0], actions[t][1]);
        gapSum += Math.hypot(ex - actions[t][0], ey - actions[t][1]);
      }
      steps += actions.length;
    }
    for (Future<OracleAttempt> rest : inFlight) {
      rest.get(); // let the workers finish before the next level is timed
    }
    StringBuilder f = new StringBuilder();
    failed.forEach((fam, n) -> f.append(fam.id()).append(' ').append(n).append("  "));
    System.out.printf(Locale.ROOT, "%-8s %8d %5d %8.1f%% %10.1f %10.2f %12.2f %8.0f  %s%n", config.actionNoise(),
        attempts, kept, 100.0 * kept / attempts, (double) steps / Math.max(1, kept), 1000 * labelSum / steps,
        1000 * gapSum / steps, (System.nanoTime() - t0) / 1e9, f.toString().trim());
  }
}
