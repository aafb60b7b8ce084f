package org.chatvla4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.PngFiles;
import org.chatvla4j.world.render.RgbFrame;
import org.chatvla4j.world.render.SceneRenderer;
import org.chatvla4j.world.vqa.CaptionGenerator;
import org.chatvla4j.world.vqa.QuestionGenerator;
import org.chatvla4j.world.vqa.VqaConfig;

/**
 * Single-thread throughput of the tabletop camera renderer and the question/caption generators on BLOCK_8-like scenes
 * (the world's own settled reset scenes). Run: {@code ./chatvla bench RenderBenchmark [seconds per case]}.
 * The target is ≥ 300 frames/s per core at 180 × 320. Rates are given per wall second and per CPU second of the
 * benchmark thread; on a shared machine the second is the per-core figure.
 */
public final class RenderBenchmark {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
    SplittableRandom rng = new SplittableRandom(2024);
    List<SceneState> block8 = new ArrayList<>();
    List<SceneState> nChooseK = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      block8.add(resetScene(BlockSet.BLOCK_8, rng.nextLong()));
      nChooseK.add(resetScene(BlockSet.N_CHOOSE_K, rng.nextLong()));
    }
    System.out.printf("RenderBenchmark: %s, %d cores visible, %.1f s per case, single thread%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors(), seconds);
    render("oblique 180x320 (Language-Table)", SceneRenderer.languageTable(new ImageSize(180, 320)), block8, seconds);
    render("oblique 360x640", SceneRenderer.languageTable(new ImageSize(360, 640)), block8, seconds);
    render("top-down 180x320", SceneRenderer.topDown(new ImageSize(180, 320)), block8, seconds);
    pngEncode(SceneRenderer.languageTable(new ImageSize(180, 320)), block8, seconds);
    questions("questions BLOCK_8", block8, seconds);
    questions("questions N_CHOOSE_K 4-10", nChooseK, seconds);
    captions(block8, seconds);
  }

  private static void render(String name, SceneRenderer renderer, List<SceneState> scenes, double seconds) {
    RgbFrame frame = renderer.newFrame();
    long checksum = 0;
    for (int i = 0; i < 500; i++) {
      renderer.renderInto(scenes.get(i % scenes.size()), frame);
    }
    long frames = 0;
    long start = System.nanoTime();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      for (int k = 0; k < 32; k++) {
        renderer.renderInto(scenes.get((int) (frames++ % scenes.size())), frame);
      }
      checksum += frame.rgbAt(frame.height() / 2, frame.width() / 2);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    System.out.printf("render %-34s %8.0f frames/s wall %8.0f frames/CPU-s  %7.3f ms CPU/frame  (checksum %d)%n",
        name, frames / elapsed, frames / cpu, 1e3 * cpu / frames, checksum & 0xFFFF);
  }

  private static void pngEncode(SceneRenderer renderer, List<SceneState> scenes, double seconds) {
    RgbFrame frame = renderer.newFrame();
    long bytes = 0;
    long frames = 0;
    long start = System.nanoTime();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      renderer.renderInto(scenes.get((int) (frames++ % scenes.size())), frame);
      bytes += PngFiles.encode(frame).length;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    System.out.printf("render+png %-34s %8.0f frames/s wall %8.0f frames/CPU-s  %7.3f ms CPU/frame  (%.1f KiB/frame)%n",
        "180x320", frames / elapsed, frames / cpu, 1e3 * cpu / frames, bytes / 1024.0 / frames);
  }

  private static void questions(String name, List<SceneState> scenes, double seconds) {
    QuestionGenerator warm = new QuestionGenerator(VqaConfig.defaults());
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < 300; i++) {
      warm.generate(scenes.get(i % scenes.size()), rng);
    }
    QuestionGenerator generator = new QuestionGenerator(VqaConfig.defaults());
    long questions = 0;
    long sceneCount = 0;
    long start = System.nanoTime();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      questions += generator.generate(scenes.get((int) (sceneCount++ % scenes.size())), rng).size();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    System.out.printf("%-41s %8.0f questions/s wall %8.0f questions/CPU-s  (%.2f questions/scene)%n", name,
        questions / elapsed, questions / cpu, questions / (double) sceneCount);
  }

  private static void captions(List<SceneState> scenes, double seconds) {
    CaptionGenerator generator = new CaptionGenerator(VqaConfig.defaults());
    SplittableRandom rng = new SplittableRandom(7);
    long n = 0;
    long chars = 0;
    long start = System.nanoTime();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      chars += generator.caption(scenes.get((int) (n++ % scenes.size())), rng).text().length();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    System.out.printf("%-41s %8.0f captions/s wall %8.0f captions/CPU-s  (%.0f chars each)%n", "captions BLOCK_8",
        n / elapsed, n / cpu, chars / (double) n);
  }

  /** A settled reset scene of the world itself (Language-Table's reset sampling, 200 substeps of settling). */
  private static SceneState resetScene(BlockSet set, long seed) {
    return new TabletopEnv(set, TaskFamily.BLOCK2BLOCK).reset(seed).scene();
  }
}
