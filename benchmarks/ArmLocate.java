package org.chatvla4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.data.EpisodeFile;
import org.chatvla4j.eval.EvalCheckpoint;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.Qwen2VlImageProcessor;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.model.vision.PatchEmbed;
import org.chatvla4j.model.vision.VisionBlock;
import org.chatvla4j.model.vision.VisionGrid;
import org.chatvla4j.model.vision.VisionTransformer;
import org.chatvla4j.nn.AdamW;
import org.chatvla4j.nn.AdamWConfig;
import org.chatvla4j.nn.Checkpoints;
import org.chatvla4j.nn.Gradients;
import org.chatvla4j.nn.Init;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Engine;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.BlockSet;
import org.chatvla4j.world.SceneState;
import org.chatvla4j.world.TabletopEnv;
import org.chatvla4j.world.TaskFamily;
import org.chatvla4j.world.dataset.WorldJson;
import org.chatvla4j.world.render.ImageSize;
import org.chatvla4j.world.render.RgbFrame;
import org.chatvla4j.world.render.SceneRenderer;

/**
 * Can the vision tower find the arm? A sharper test than {@link ConditionProbe}'s ridge probes, which have about as many
 * features as frames: one arm detector shared by all image tokens. Each token scores itself (a linear map to one
 * logit) and proposes an effector position (a learned anchor per grid cell, since the decoder knows each image token's
 * cell from M-RoPE, plus a linear offset from its features); the softmax of the scores weighs the proposals. It is
 * trained by MSE on the effector's xy (standardised) over every {@code every}-th frame of the first 80 % of the
 * episodes (or of the first {@code train-episodes}: how the fit grows with the number of scenes, on the same held-out
 * set) and scored on every 3rd frame of the last 20 %: held-out R² and mean error in millimetres every 250 steps.
 *
 * <ul>
 *   <li>{@code frozen}: the checkpoint's vision tower as it is; only the detector learns (a probe).
 *   <li>{@code trained}: the checkpoint's vision tower learns with the detector: can its weights come to hold the arm?
 *   <li>{@code fresh}: a newly initialised vision tower of the same config learns with the detector.
 * </ul>
 *
 * The detector reads either the {@code merged} tokens (the decoder's input, one per m×m patches) or the vision tower's
 * last-block {@code patches} before the merger (m² times as many, each 14 px square): whether the merge is what makes
 * the arm hard to place.
 *
 * <p>With a {@code target} (the {@code effector}, or a block id such as {@code red_moon}) the frames are instead the
 * dataset's VQA scenes, read from world.json beside EPISODES_DIR with their PNGs (every one, split by episode the same
 * way), and the target is that object's position: whether a coloured block is easier to place than the grey arm, on the
 * same frames. The target {@code all} places the arm and every block at once: one score and offset map per object,
 * the anchors shared; it prints the arm's and the blocks' mean errors apart. A tower saved from it
 * ({@code -Darm.save}) places every object the direction and region questions ask about.
 *
 * <p>With {@code generated:N} in place of EPISODES_DIR the frames are N layouts made by the world's reset and rendered on
 * the fly (at {@code -Darm.size=HxW}, default the checkpoint's camera size or 90x160), plus 600 held out, and the target
 * defaults to {@code all}: whether the number of scenes limits the fit, since a dataset has a few thousand.
 * {@code every} and {@code train-episodes} do not apply there (give {@code -} for the latter).
 *
 * <p>{@code -Darm.anchors=false} drops the per-cell anchors, so each token proposes a position from its features alone,
 * as the decoder, which barely tells columns apart (M-RoPE's width frequencies), would have to read it.
 *
 * <pre>./chatvla bench ArmLocate CHECKPOINT_DIR EPISODES_DIR|generated:N [frozen|trained|fresh] [steps 1500] [lr 1e-3] [every 2] [batch 8]
 *     [train-episodes: 80 %] [merged|patches] [target: the arm, from the episodes; effector|BLOCK_ID|all]</pre>
 *
 * With {@code -Darm.save=DIR} (modes {@code trained} and {@code fresh}) the checkpoint, its vision tower replaced by the one trained here, is written to DIR
 * (weights, and the checkpoint's other files copied): a starting point for a recipe ({@code train --init checkpoint:DIR}).
 */
public final class ArmLocate {
  private static final int EVAL_EVERY = 250;
  private static final int HELD_OUT_EVERY = 3;
  private static final String GENERATED = "generated:";
  private static final int GENERATED_HELD_OUT = 600;
  private static final long HELD_OUT_SEED = 1_000_000_000L;

  /** A frame and its K objects' positions, x and y interleaved [2K]. */
  private record Frame(RgbImage image, double[] xy) {
    int objects() {
      return xy.length / 2;
    }
  }

  private ArmLocate() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ./chatvla bench ArmLocate CHECKPOINT_DIR EPISODES_DIR|generated:N [frozen|trained|fresh] [steps] [lr] [every]"
          + " [batch] [train-episodes] [merged|patches] [effector|BLOCK_ID|all]");
      System.exit(2);
    }
    String mode = arg(args, 2, "frozen");
    if (!List.of("frozen", "trained", "fresh").contains(mode)) {
      throw new IllegalArgumentException("mode must be frozen, trained or fresh, got '" + mode + "'");
    }
    int steps = Integer.parseInt(arg(args, 3, "1500"));
    double lr = Double.parseDouble(arg(args, 4, "1e-3"));
    int every = Integer.parseInt(arg(args, 5, "2"));
    int batch = Integer.parseInt(arg(args, 6, "8"));
    String level = arg(args, 8, "merged");
    if (!List.of("merged", "patches").contains(level)) {
      throw new IllegalArgumentException("token level must be merged or patches, got '" + level + "'");
    }
    boolean patches = level.equals("patches");
    System.out.println("engine: " + Engine.start());
    EvalCheckpoint ckpt = EvalCheckpoint.open(Path.of(args[0]), System.err);
    Qwen2VlImageProcessor processor = ckpt.model().imageProcessor();
    VisionTransformer visual = (VisionTransformer) ckpt.model().model().modules().get("visual");
    if (mode.equals("fresh")) {
      visual = new VisionTransformer(Init.cpu(DType.F32, 11), visual.config());
    }

    List<Frame> train = new ArrayList<>();
    List<Frame> heldOut = new ArrayList<>();
    String target = arg(args, 9, args[1].startsWith(GENERATED) ? "all" : "");
    String source;
    if (args[1].startsWith(GENERATED)) {
      int scenes = Integer.parseInt(args[1].substring(GENERATED.length()));
      String[] hw = System.getProperty("arm.size", ckpt.stats().flatMap(DatasetStats::firstCameraSize)
          .map(z -> z.height() + "x" + z.width()).orElse("90x160")).split("x");
      if (hw.length != 2) {
        throw new IllegalArgumentException("-Darm.size must be HxW, e.g. 90x160");
      }
      ImageSize size = new ImageSize(Integer.parseInt(hw[0]), Integer.parseInt(hw[1]));
      generatedFrames(scenes, target, size, train, heldOut);
      source = String.format("%s in %d generated scenes at %dx%d (%d held out)", target, scenes, size.height(), size.width(),
          heldOut.size());
    } else {
      List<Path> files = ConditionProbe.episodeFiles(Path.of(args[1]));
      int cut = files.size() * 4 / 5;
      int trainEpisodes = Integer.parseInt(arg(args, 7, "" + cut));
      if (trainEpisodes < 1 || trainEpisodes > cut) {
        throw new IllegalArgumentException("train-episodes must be in 1.." + cut + " (the first 80 % of " + files.size()
            + "), got " + trainEpisodes);
      }
      if (target.isEmpty()) {
        episodeFrames(files, every, trainEpisodes, cut, train, heldOut);
      } else {
        sceneFrames(Path.of(args[1]).toAbsolutePath().getParent(), files, target, trainEpisodes, cut, train, heldOut);
      }
      source = String.format("%s (%d training episodes, %d held out)",
          target.isEmpty() ? "the arm in episode frames" : target + " in VQA scenes", trainEpisodes, files.size() - cut);
    }
    boolean anchors = Boolean.parseBoolean(System.getProperty("arm.anchors", "true"));
    int k = train.getFirst().objects();
    double[] mean = axisMeans(train);
    double[] std = new double[2];
    for (Frame f : train) {
      for (int j = 0; j < 2 * k; j++) {
        std[j % 2] += (f.xy[j] - mean[j % 2]) * (f.xy[j] - mean[j % 2]) / ((double) train.size() * k);
      }
    }
    std[0] = Math.sqrt(std[0]);
    std[1] = Math.sqrt(std[1]);

    ProcessedImages probe = processor.preprocess(List.of(train.getFirst().image()));
    int m = probe.mergeSize();
    int tokens = (int) (patches ? probe.patches() : probe.tokens(0));
    int d = patches ? visual.config().embedDim() : visual.config().outHiddenSize();
    System.out.printf("%s, %s: %d training frames, %d held out, %d %s tokens of width %d%s;"
        + " target x %.3f ± %.3f m, y %.3f ± %.3f m; batch %d, lr %s%n", mode, source, train.size(), heldOut.size(), tokens,
        level, d, anchors ? "" : ", no anchors", mean[0], std[0], mean[1], std[1], batch, lr);

    Init init = Init.cpu(DType.F32, 5);
    long[] grid = probe.gridThw()[0];
    // [N, 2]; without anchors every proposal comes from the token's features alone, as the decoder would have to read it
    Tensor anchor = !anchors ? torch.zeros(new long[] {tokens, 2})
        : patches ? ramp(grid[1], grid[2], m) : ramp(grid[1] / m, grid[2] / m, 1);
    Detector detector = new Detector(init.normal(0.02, d, k).set_requires_grad(true),
        init.normal(0.02, d, 2 * k).set_requires_grad(true), anchor.set_requires_grad(anchors));
    List<Tensor> detectorParameters = new ArrayList<>(List.of(detector.score, detector.offset));
    if (anchors) {
      detectorParameters.add(detector.anchor);
    }
    org.bytedeco.pytorch.AdamW detectorOptimizer = new org.bytedeco.pytorch.AdamW(
        new TensorVector(detectorParameters.toArray(Tensor[]::new)), new AdamWOptions(lr));
    AdamW visionOptimizer = null;
    if (mode.equals("frozen")) {
      visual.freeze("");
    } else {
      visual.unfreeze("");
      visionOptimizer = new AdamW(visual, new AdamWConfig(lr, 0.9, 0.98, 1e-7, 0.0));
    }
    List<Tensor> clipped = new ArrayList<>(detectorParameters);
    if (visionOptimizer != null) {
      clipped.addAll(visionOptimizer.parameters());
    }
    SplittableRandom rng = new SplittableRandom(1);
    long t0 = System.nanoTime();
    double lossSum = 0;
    for (int step = 1; step <= steps; step++) {
      try (Scope s = Scope.open()) {
        List<Frame> b = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          b.add(train.get(rng.nextInt(train.size())));
        }
        Tensor predicted = locate(visual, processor, detector, b, tokens, patches); // [B, K, 2]
        Tensor loss = predicted.sub(targets(b, mean, std)).square().mean();
        detectorOptimizer.zero_grad();
        if (visionOptimizer != null) {
          visionOptimizer.zeroGrad();
        }
        loss.backward();
        Gradients.clipNorm(clipped, 1.0);
        detectorOptimizer.step();
        if (visionOptimizer != null) {
          visionOptimizer.step();
        }
        lossSum += Tensors.item(loss);
      }
      if (step % EVAL_EVERY == 0) {
        double[] score = score(visual, processor, detector, heldOut, tokens, patches, mean, std);
        System.out.printf("step %5d  loss %.4f  held-out R² %6.3f  mean error %5.1f mm%s  (%.0f s)%n", step, lossSum / EVAL_EVERY,
            score[0], score[1], k == 1 ? "" : String.format(" (arm %.1f mm, blocks %.1f mm)", score[2], score[3]),
            (System.nanoTime() - t0) / 1e9);
        lossSum = 0;
      }
    }
    String saveTo = System.getProperty("arm.save");
    if (saveTo != null) {
      if (mode.equals("frozen")) {
        throw new IllegalArgumentException("-Darm.save needs mode trained or fresh: a frozen tower is the checkpoint's own");
      }
      VisionTransformer own = (VisionTransformer) ckpt.model().model().modules().get("visual");
      if (own != visual) {
        try (NoGradGuard noGrad = new NoGradGuard()) {
          Map<String, org.chatvla4j.nn.Parameter> trained = visual.parameters();
          own.parameters().forEach((name, p) -> p.tensor().copy_(trained.get(name).tensor()));
        }
      }
      save(ckpt, Path.of(args[0]), Path.of(saveTo));
    }
  }

  /** CHECKPOINT_DIR's model with the trained vision tower, and the directory's other files, written to {@code out}. */
  private static void save(EvalCheckpoint ckpt, Path from, Path out) throws IOException {
    Files.createDirectories(out);
    Checkpoints.save(ckpt.model().model(), out);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (!name.startsWith("model") && !name.equals("optimizer.pt") && !name.equals("trainer_state.json")) {
          Files.copy(f, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    System.out.println("saved the checkpoint with this vision tower to " + out);
  }

  /** Every {@code every}-th frame of the first {@code trainEpisodes} episodes, every 3rd of the last 20 %; the arm's xy. */
  private static void episodeFrames(List<Path> files, int every, int trainEpisodes, int cut, List<Frame> train,
      List<Frame> heldOut) {
    for (int e = 0; e < files.size(); e++) {
      if (e >= trainEpisodes && e < cut) {
        continue;
      }
      try (EpisodeFile f = EpisodeFile.open(files.get(e))) {
        float[][] qpos = f.qpos();
        String camera = f.cameraNames().getFirst();
        for (int t = 0; t < f.length(); t += e < cut ? every : HELD_OUT_EVERY) {
          (e < cut ? train : heldOut).add(new Frame(f.frame(camera, t), new double[] {qpos[t][0], qpos[t][1]}));
        }
      }
    }
  }

  /**
   * {@code scenes} fresh layouts (reset seeds 0..scenes-1) and 600 held out (seeds above {@link #HELD_OUT_SEED}), as
   * the world's reset places them (BLOCK_8, the arm anywhere in the inner workspace), rendered at {@code size}: as many
   * scenes as the fit can use, where a dataset's are a few thousand. The target's xy, or for {@code all} the arm's and
   * then every block's.
   */
  private static void generatedFrames(int scenes, String target, ImageSize size, List<Frame> train, List<Frame> heldOut) {
    if (scenes < 1) {
      throw new IllegalArgumentException("generated:N needs N >= 1 scenes, got " + scenes);
    }
    TabletopEnv env = new TabletopEnv(BlockSet.BLOCK_8, TaskFamily.BLOCK2BLOCK);
    SceneRenderer renderer = SceneRenderer.languageTable(size);
    boolean arm = includesArm(target);
    List<BlockId> blocks = null;
    for (int i = 0; i < scenes + GENERATED_HELD_OUT; i++) {
      env.reset(i < scenes ? i : HELD_OUT_SEED + i);
      SceneState scene = env.scene();
      if (blocks == null) {
        blocks = targetBlocks(target, scene);
      }
      RgbFrame frame = renderer.render(scene);
      RgbImage image = new RgbImage(frame.height(), frame.width(), frame.toHwcBytes());
      (i < scenes ? train : heldOut).add(new Frame(image, positions(scene, arm, blocks)));
    }
  }

  /** The blocks a target names: every block of the scene, in its order, for {@code all}; none for the effector. */
  private static List<BlockId> targetBlocks(String target, SceneState scene) {
    return target.equals("all") ? scene.blocks().stream().map(BlockPose::id).toList()
        : target.equals("effector") ? List.of() : List.of(BlockId.parse(target));
  }

  /** Whether the target places the arm: {@code all} and {@code effector}. */
  private static boolean includesArm(String target) {
    return target.equals("all") || target.equals("effector");
  }

  /** The arm's xy (when {@code arm}), then each named block's. */
  private static double[] positions(SceneState scene, boolean arm, List<BlockId> blocks) {
    double[] xy = new double[2 * ((arm ? 1 : 0) + blocks.size())];
    int j = 0;
    if (arm) {
      xy[j++] = scene.effectorX();
      xy[j++] = scene.effectorY();
    }
    for (BlockId id : blocks) {
      BlockPose pose = scene.require(id);
      xy[j++] = pose.x();
      xy[j++] = pose.y();
    }
    return xy;
  }

  /**
   * The VQA scenes of the same episodes, from world.json and the PNGs beside it; the target's xy, or for {@code all} the
   * arm's and then every block's in the first scene's order.
   */
  private static void sceneFrames(Path data, List<Path> files, String target, int trainEpisodes, int cut, List<Frame> train,
      List<Frame> heldOut) throws IOException {
    Map<String, Integer> episodeIndex = new HashMap<>();
    for (int e = 0; e < files.size(); e++) {
      episodeIndex.put(files.get(e).getFileName().toString(), e);
    }
    List<WorldJson.ImageEntry> images = WorldJson.readImages(data.resolve(WorldJson.FILE_NAME));
    List<BlockId> blocks = targetBlocks(target, images.getFirst().scene());
    boolean arm = includesArm(target);
    for (WorldJson.ImageEntry image : images) {
      Integer e = episodeIndex.get(Path.of(image.episodeFile()).getFileName().toString());
      if (e == null || (e >= trainEpisodes && e < cut)) {
        continue;
      }
      RgbImage frame = RgbImage.decode(Files.readAllBytes(data.resolve("images").resolve(image.image())));
      (e < cut ? train : heldOut).add(new Frame(frame, positions(image.scene(), arm, blocks)));
    }
  }

  /** The shared detector for K objects: per-token logits [D, K], per-token offsets [D, 2K], per-cell anchors [N, 2]. */
  private record Detector(Tensor score, Tensor offset, Tensor anchor) {}

  /**
   * [N, 2] starting anchors: the rows and columns of a rows×cols token grid spread over ±1.5 standard deviations, in
   * the order the tokens come: m×m windows one after another (the processor's merge-window order of the patches; m = 1
   * for the merged tokens, which are plain row-major). Equal anchors would be a saddle: every proposal the same, so the
   * scores get no gradient and the anchors move together.
   */
  private static Tensor ramp(long rows, long cols, int m) {
    float[] a = new float[(int) (rows * cols * 2)];
    int p = 0;
    for (int wr = 0; wr < rows / m; wr++) {
      for (int wc = 0; wc < cols / m; wc++) {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < m; j++) {
            a[2 * p] = rows == 1 ? 0 : (float) (3.0 * (wr * m + i) / (rows - 1) - 1.5);
            a[2 * p + 1] = cols == 1 ? 0 : (float) (3.0 * (wc * m + j) / (cols - 1) - 1.5);
            p++;
          }
        }
      }
    }
    return Tensors.fromFloats(a, rows * cols, 2);
  }

  /** [B, K, 2] standardised object positions predicted for a batch of frames. */
  private static Tensor locate(VisionTransformer visual, Qwen2VlImageProcessor processor, Detector detector, List<Frame> b,
      int tokens, boolean patches) {
    ProcessedImages px = processor.preprocess(b.stream().map(Frame::image).toList());
    Tensor features = patches ? lastBlock(visual, px) : visual.forward(px.pixelValuesTensor(), px.gridThwTensor());
    // [B, N, D]; a parameter-free layer norm, since the last block's residual stream is far from unit scale
    Tensor merged = torch.layer_norm(features.reshape(b.size(), tokens, -1), new long[] {features.size(1)},
        new TensorOptional(), new TensorOptional(), 1e-6, false);
    Tensor weights = torch.softmax(torch.matmul(merged, detector.score()), 1); // [B, N, K]: each object's own softmax
    long k = detector.score().size(1);
    Tensor proposals = torch.matmul(merged, detector.offset()).reshape(b.size(), tokens, k, 2)
        .add(detector.anchor().unsqueeze(1)); // [B, N, K, 2]
    return proposals.mul(weights.unsqueeze(3)).sum(1); // [B, K, 2]
  }

  /** The vision tower up to its last block, without the merger: [P, Dv]. */
  private static Tensor lastBlock(VisionTransformer visual, ProcessedImages px) {
    VisionGrid grid = VisionGrid.of(px.gridThw(), visual.config().spatialMergeSize());
    Tensor x = ((PatchEmbed) visual.modules().get("patch_embed")).forward(px.pixelValuesTensor()); // [P, Dv]
    Tensor[] cosSin = visual.rotary().cosSin(grid); // 2 × [P, Hd]
    for (VisionBlock block : visual.blocks()) {
      x = block.forward(x, cosSin[0], cosSin[1], grid.frameLengths()); // [P, Dv]
    }
    return x;
  }

  /** The mean x and y over every object of every frame. */
  private static double[] axisMeans(List<Frame> frames) {
    int k = frames.getFirst().objects();
    double[] mean = new double[2];
    for (Frame f : frames) {
      for (int j = 0; j < 2 * k; j++) {
        mean[j % 2] += f.xy[j] / ((double) frames.size() * k);
      }
    }
    return mean;
  }

  private static Tensor targets(List<Frame> b, double[] mean, double[] std) {
    int k = b.getFirst().objects();
    float[] t = new float[b.size() * 2 * k];
    for (int i = 0; i < b.size(); i++) {
      for (int j = 0; j < 2 * k; j++) {
        t[i * 2 * k + j] = (float) ((b.get(i).xy[j] - mean[j % 2]) / std[j % 2]);
      }
    }
    return Tensors.fromFloats(t, b.size(), k, 2);
  }

  /**
   * Held-out R² (axes and objects pooled, against the held-out mean per axis), mean Euclidean error in mm over all
   * objects, and apart for the first object (the arm, with {@code all}) and the others.
   */
  private static double[] score(VisionTransformer visual, Qwen2VlImageProcessor processor, Detector detector, List<Frame> heldOut,
      int tokens, boolean patches, double[] mean, double[] std) {
    int k = heldOut.getFirst().objects();
    double[][] predicted = new double[heldOut.size()][];
    try (NoGradGuard noGrad = new NoGradGuard()) {
      for (int i = 0; i < heldOut.size(); i += 32) {
        try (Scope s = Scope.open()) {
          List<Frame> b = heldOut.subList(i, Math.min(heldOut.size(), i + 32));
          float[] p = Tensors.toFloats(locate(visual, processor, detector, b, tokens, patches).contiguous());
          for (int j = 0; j < b.size(); j++) {
            predicted[i + j] = new double[2 * k];
            for (int c = 0; c < 2 * k; c++) {
              predicted[i + j][c] = p[j * 2 * k + c] * std[c % 2] + mean[c % 2];
            }
          }
        }
      }
    }
    double[] m = axisMeans(heldOut);
    double residual = 0;
    double total = 0;
    double first = 0;
    double others = 0;
    for (int i = 0; i < heldOut.size(); i++) {
      double[] xy = heldOut.get(i).xy;
      for (int o = 0; o < k; o++) {
        double ex = predicted[i][2 * o] - xy[2 * o];
        double ey = predicted[i][2 * o + 1] - xy[2 * o + 1];
        residual += ex * ex + ey * ey;
        total += Math.pow(xy[2 * o] - m[0], 2) + Math.pow(xy[2 * o + 1] - m[1], 2);
        if (o == 0) {
          first += Math.hypot(ex, ey);
        } else {
          others += Math.hypot(ex, ey);
        }
      }
    }
    double n = heldOut.size();
    return new double[] {1 - residual / total, 1000 * (first + others) / (n * k), 1000 * first / n,
        k == 1 ? Double.NaN : 1000 * others / (n * (k - 1))};
  }

  private static String arg(String[] args, int i, String fallback) {
    return args.length > i ? args[i] : fallback;
  }
}
