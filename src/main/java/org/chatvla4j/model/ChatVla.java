package org.chatvla4j.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.config.ChatVlaConfig;
import org.chatvla4j.config.ConfigJson;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.image.ProcessedImages;
import org.chatvla4j.image.Qwen2VlImageProcessor;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.image.SmartResize;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.nn.Checkpoints;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.KeyMapping;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Device;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.text.ChatTemplate;
import org.chatvla4j.text.ImageGrid;
import org.chatvla4j.text.Message;
import org.chatvla4j.text.PromptBuilder;
import org.chatvla4j.text.Tokenizer;

/**
 * ChatVLA as its users see it: the network ({@link ChatVlaModel}) with its tokenizer and image processor, so it can be
 * asked questions ({@link #generateText}, the understanding expert), told to act ({@link #act}, the control expert:
 * sub-step reasoning, then an action chunk) and trained ({@link #computeLoss}). A checkpoint directory holds
 * {@code config.json}, the weights ({@code model.safetensors} or shards) and {@code tokenizer.json}.
 */
public final class ChatVla {
  private final ChatVlaModel model;
  private final Tokenizer tokenizer;
  private final PromptBuilder prompts;
  private final Qwen2VlImageProcessor images;

  public ChatVla(ChatVlaModel model, Tokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
    ChatVlaConfig c = model.config();
    if (!tokenizer.specialTokens().equals(c.tokens())) {
      throw new IllegalArgumentException("tokenizer " + tokenizer.source() + " has special tokens " + tokenizer.specialTokens()
          + " but config.json says " + c.tokens());
    }
    if (tokenizer.vocabSize() > c.text().vocabSize()) {
      throw new IllegalArgumentException("tokenizer " + tokenizer.source() + " has " + tokenizer.vocabSize()
          + " ids but the model's vocab_size is " + c.text().vocabSize());
    }
    this.prompts = new PromptBuilder(tokenizer, new ChatTemplate(c.vision().spatialMergeSize()), c.text().maxPositionEmbeddings());
    // ChatVLA feeds camera and chat images through qwen_vl_utils' bounds (chatvla-paper.md §1.3).
    this.images = Qwen2VlImageProcessor.forVision(c.vision(), SmartResize.qwenVlUtils());
  }

  /** A freshly initialised model of {@code config} (random weights from {@code seed}) in {@code dtype}. */
  public static ChatVla create(ChatVlaConfig config, Tokenizer tokenizer, DType dtype, long seed) {
    return new ChatVla(new ChatVlaModel(Init.cpu(dtype, seed), config), tokenizer);
  }

  /** Loads a checkpoint directory; weights are cast to {@code dtype}. Every naming problem is reported at once. */
  public static ChatVla load(Path dir, DType dtype) throws IOException {
    Path config = dir.resolve("config.json");
    Path tok = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(config)) {
      throw new IOException(dir + " is not a checkpoint directory: config.json is missing");
    }
    if (!Files.isRegularFile(tok)) {
      throw new IOException(dir + ": tokenizer.json is missing; copy it from the base model's directory");
    }
    // Strict load: every parameter is overwritten or the load fails, so none needs random initial values.
    ChatVla vla = new ChatVla(new ChatVlaModel(Init.forLoading(dtype), ConfigJson.read(config)), Tokenizer.load(tok));
    Checkpoints.load(vla.model, dir, KeyMapping.qwen2Vl());
    return vla;
  }

  /**
   * Moves the network to {@code device} (see {@link org.chatvla4j.nn.Module#to(Device)}); {@link #generateText} and
   * {@link #act} then run there. Returns this.
   */
  public ChatVla to(Device device) {
    device.requireAvailable("the model's device");
    model.to(device);
    return this;
  }

  /** Writes config.json, the weights and tokenizer.json into {@code dir}, replacing it only once everything is written. */
  public void save(Path dir) throws IOException {
    Path target = dir.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".saving-");
    try {
      ConfigJson.write(model.config(), tmp.resolve("config.json"));
      Checkpoints.save(model, tmp, Map.of("format", "pt"), 4_000_000_000L);
      Files.writeString(tmp.resolve("tokenizer.json"), tokenizer.json());
      Path old = null;
      if (Files.exists(target)) {
        old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      if (old != null) {
        deleteTree(old);
      }
    } finally {
      if (Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
  }

  public ChatVlaModel model() {
    return model;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public PromptBuilder prompts() {
    return prompts;
  }

  public Qwen2VlImageProcessor imageProcessor() {
    return images;
  }

  /** See {@link ChatVlaModel#computeLoss}. */
  public LossBreakdown computeLoss(TrainingBatch batch, Tensor noise, Tensor timesteps) {
    return model.computeLoss(batch, noise, timesteps);
  }

  /**
   * Answers {@code prompt} about {@code images} with the understanding expert (expert 0), ending at {@code <|im_end|>}
   * or after {@code cfg.maxNewTokens()}; returns the answer without special tokens.
   */
  public String generateText(String prompt, List<RgbImage> images, GenerationConfig cfg, RandomGenerator rng) {
    if (prompt.isBlank()) {
      throw new IllegalArgumentException("the prompt is empty");
    }
    try (Scope s = Scope.open()) {
      if (images.isEmpty()) { // a text-only question: the processor refuses an empty list
        long[] ids = prompts.generationPrompt(List.of(Message.user(List.of(), prompt)));
        Generation g = model.generate(inputs(ids), Task.UNDERSTANDING, withEos(cfg), rng);
        return tokenizer.decodeWithoutSpecialTokens(g.tokens()).trim();
      }
      ProcessedImages px = this.images.preprocess(images);
      List<ImageGrid> grids = grids(px);
      long[] ids = prompts.generationPrompt(List.of(Message.user(grids, prompt)));
      Generation g = model.generate(inputs(ids, px), Task.UNDERSTANDING, withEos(cfg), rng);
      return tokenizer.decodeWithoutSpecialTokens(g.tokens()).trim();
    }
  }

  /**
   * The control expert's step: greedy sub-step reasoning for {@code instruction} until {@code <|im_end|>}, then an action
   * chunk denoised from noise drawn with {@code rng}.
   *
   * @param maxReasoningTokens the reasoning budget (the chunk is still produced when it runs out)
   */
  public ActResult act(RobotObservation obs, String instruction, int maxReasoningTokens, RandomGenerator rng) {
    ScaleDpConfig head = model.config().actionHead().orElseThrow(
        () -> new IllegalStateException("this model has no action head (config.json has no policy_head_config)"));
    if (obs.state().length != head.stateDim()) {
      throw new IllegalArgumentException("the observation's state has " + obs.state().length + " values but the model expects state_dim = "
          + head.stateDim());
    }
    try (Scope s = Scope.open()) {
      ProcessedImages px = images.preprocess(obs.cameras());
      long[] ids = prompts.robotPrompt(grids(px), instruction);
      GenerationConfig cfg = GenerationConfig.greedy(maxReasoningTokens, Set.of((long) model.config().tokens().eos()));
      Generation g = model.generate(inputs(ids, px), Task.CONTROL, cfg, rng);
      float[] noise = new float[head.predictionHorizon() * head.actionDim()];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = (float) rng.nextGaussian();
      }
      // Drawn on the CPU as before; sampleActions moves state and noise to the model's device.
      Tensor chunk = model.sampleActions(g, Tensors.fromFloats(obs.state(), 1, head.stateDim()),
          Tensors.fromFloats(noise, 1, head.predictionHorizon(), head.actionDim())); // [1, A, Da]
      float[] flat = Tensors.toFloats(chunk);
      float[][] actions = new float[head.predictionHorizon()][head.actionDim()];
      for (int a = 0; a < actions.length; a++) {
        System.arraycopy(flat, a * head.actionDim(), actions[a], 0, head.actionDim());
      }
      String text = tokenizer.decodeWithoutSpecialTokens(g.tokens());
      int cue = text.lastIndexOf(PromptBuilder.ACTION_CUE);
      return new ActResult((cue >= 0 ? text.substring(0, cue) : text).trim(), actions);
    }
  }

  /** Single-sample text-only inputs for {@code ids} (no images), on the model's device. */
  public VlaInputs inputs(long[] ids) {
    return VlaInputs.textOnly(ids, model.config().vision().patchElements()).to(model.device());
  }

  /** Single-sample inputs for {@code ids} and processed images, on the model's device. */
  public VlaInputs inputs(long[] ids, ProcessedImages px) {
    Tensor idsT = Tensors.fromLongs(ids, 1, ids.length);
    return new VlaInputs(idsT, org.bytedeco.pytorch.global.torch.ones_like(idsT), px.pixelValuesTensor(), px.gridThwTensor())
        .to(model.device());
  }

  public static List<ImageGrid> grids(ProcessedImages px) {
    List<ImageGrid> out = new ArrayList<>();
    for (long[] g : px.gridThw()) {
      out.add(new ImageGrid((int) g[0], (int) g[1], (int) g[2]));
    }
    return out;
  }

  private GenerationConfig withEos(GenerationConfig cfg) {
    Set<Long> stops = new java.util.HashSet<>(cfg.stopTokens());
    stops.add((long) model.config().tokens().eos());
    return cfg.withStopTokens(stops);
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
