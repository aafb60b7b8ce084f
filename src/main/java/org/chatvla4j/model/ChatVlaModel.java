package org.chatvla4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.config.ChatVlaConfig;
import org.chatvla4j.model.action.ActionHead;
import org.chatvla4j.model.action.ActionHeadInputs;
import org.chatvla4j.model.moe.ExpertRouting;
import org.chatvla4j.model.moe.Task;
import org.chatvla4j.model.text.ImageFeatures;
import org.chatvla4j.model.text.KvCache;
import org.chatvla4j.model.text.LmHead;
import org.chatvla4j.model.text.Qwen2Model;
import org.chatvla4j.model.text.RopeIndex;
import org.chatvla4j.model.vision.VisionTransformer;
import org.chatvla4j.nn.Init;
import org.chatvla4j.nn.Module;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;

/**
 * ChatVLA's network (the checkpoint's module tree, chatvla-paper.md §1–§5): the Qwen2-VL vision tower
 * ({@code visual}), the Qwen2 decoder with static experts ({@code model}), the tied {@code lm_head}, and — when the
 * config has one — the ScaleDP action head with its projectors ({@code policy_head}, {@code input_action_proj},
 * {@code reasoning_action_proj}, {@code reasoning_film}).
 *
 * <pre>
 * pixels ─► visual ─► merged patches ─┐
 * ids ─► embed_tokens ────────────────┴► image-pad rows replaced ─► decoder (expert per sample) ─► hidden [B, T, D]
 *   hidden ─► lm_head ─► logits                              (chat, and the reasoning text of a robot sample)
 *   hidden ─► P = prompt rows, R = reasoning rows ─► FiLM(proj P, proj R) + mean P ─► ScaleDP ─► ε̂ / action chunk
 * </pre>
 *
 * Three uses: {@link #computeLoss} (training), {@link #generate} (text, with a KV cache), {@link #sampleActions}
 * (the action chunk for a generated reasoning). Noise, timesteps and sampling randomness are arguments.
 */
public final class ChatVlaModel extends Module {
  private final ChatVlaConfig config;
  private final VisionTransformer visual;
  private final Qwen2Model model;
  private final LmHead lmHead;
  private final Optional<ActionHead> actionHead;
  private final RopeIndex ropeIndex;

  public ChatVlaModel(Init init, ChatVlaConfig config) {
    this.config = config;
    this.visual = register("visual", new VisionTransformer(init, config.vision()));
    this.model = register("model", new Qwen2Model(init, config.text(), config.moe()));
    this.lmHead = register("lm_head", config.text().tieWordEmbeddings()
        ? LmHead.tiedTo(model.embedTokens())
        : LmHead.untied(init, config.text().hiddenSize(), config.text().vocabSize()));
    this.actionHead = config.actionHead().map(h -> inline(new ActionHead(init, h, config.scheduler())));
    this.ropeIndex = new RopeIndex(config.tokens(), config.vision().spatialMergeSize());
  }

  public ChatVlaConfig config() {
    return config;
  }

  @Override
  public Map<String, String> tiedParameters() {
    return config.text().tieWordEmbeddings() ? Map.of("lm_head.weight", "model.embed_tokens.weight") : Map.of();
  }

  /** The decoder's input embeddings, with the vision tower's rows at the image-pad positions: [B, T, D]. */
  Tensor embed(VlaInputs in) {
    Tensor embeds = model.embed(in.inputIds()); // [B, T, D]
    if (!in.hasImages()) {
      return embeds;
    }
    Tensor pixels = in.pixelValues().to(embeds.scalar_type()); // [P, C·tp·p·p]
    Tensor features = visual.forward(pixels, in.imageGridThw()); // [P/m², D]
    return ImageFeatures.mergeImageFeatures(in.inputIds(), embeds, features, config.tokens().imagePad()); // [B, T, D]
  }

  /** Last-layer hidden states after the final norm, [B, T, D]; each sample through its expert. */
  public Tensor hiddenStates(VlaInputs in, ExpertRouting routing) {
    checkContext(in.length());
    RopeIndex.Positions pos = ropeIndex.compute(in.inputIds(), in.imageGridThw(), in.attentionMask());
    Tensor embeds = embed(in); // [B, T, D]
    return model.forward(embeds, pos.positionIds(), in.attentionMask(), routing); // [B, T, D]
  }

  /** hidden [B, T, D] → logits [B, T, V]. */
  public Tensor logits(Tensor hidden) {
    return lmHead.logits(hidden);
  }

  /**
   * The training loss: token cross-entropy over supervised labels (sum / number of supervised tokens in the batch) plus
   * the masked diffusion MSE of the robot samples, whose condition pools P = positions before the first supervised
   * label and R = from there to the last real token (chatvla-paper.md §3.4).
   *
   * @param noise ε [R·K, A, Da] for the robot samples, K draws each (see {@link ActionHead#computeLoss}; ignored when
   *     there are none: pass an empty tensor)
   * @param timesteps t [R·K] int64 in 0 … T−1
   */
  public LossBreakdown computeLoss(TrainingBatch batch, Tensor noise, Tensor timesteps) {
    VlaInputs in = batch.inputs();
    long t = in.length();
    Tensor hidden = hiddenStates(in, batch.routing()); // [B, T, D]
    Tensor logits = logits(hidden); // [B, T, V]
    // Position t predicts token t+1.
    Tensor shiftedLogits = logits.narrow(1, 0, t - 1).reshape(-1, logits.size(2)); // [B·(T−1), V]
    Tensor shiftedLabels = batch.labels().narrow(1, 1, t - 1).reshape(-1); // [B·(T−1)]
    Tensor valid = shiftedLabels.ne(Tensors.scalar(-100)); // [B·(T−1)]
    long supervised = valid.sum().item_long();
    Tensor logProbs = shiftedLogits.to(DType.F32.scalarType()).log_softmax(1); // [B·(T−1), V]
    Tensor picked = logProbs.gather(1, shiftedLabels.clamp_min(new org.bytedeco.pytorch.Scalar(0L)).unsqueeze(1)).squeeze(1); // [B·(T−1)]
    Tensor tokenLoss = picked.mul(valid.to(DType.F32.scalarType())).sum().neg().div(Tensors.scalar(Math.max(1, supervised)));

    Tensor actionLoss = torch.zeros(new long[] {}, Tensors.options(DType.F32, hidden));
    Tensor readoutLoss = actionLoss;
    int robotSamples = 0;
    if (batch.robot().isPresent()) {
      ActionHead head = requireHead();
      TrainingBatch.RobotTargets r = batch.robot().get();
      robotSamples = r.rows().length;
      ActionHeadInputs cond = poolingInputs(hidden, batch.labels(), in.attentionMask(), r.rows(), r.state());
      ActionHead.Losses losses = head.computeLosses(cond, r.actions().to(hidden.scalar_type()), r.isPad(),
          noise.to(hidden.scalar_type()), timesteps);
      actionLoss = losses.diffusion().to(DType.F32.scalarType());
      readoutLoss = losses.readout().to(DType.F32.scalarType());
    }
    return new LossBreakdown(tokenLoss.add(actionLoss), tokenLoss, actionLoss, readoutLoss, supervised, robotSamples);
  }

  /** P/R masks over whole rows: P = [0, start), R = [start, end) with start the first supervised label, end the last real token + 1. */
  private static ActionHeadInputs poolingInputs(Tensor hidden, Tensor labels, Tensor attentionMask, long[] rows, Tensor state) {
    long t = hidden.size(1);
    long[] lab = Tensors.toLongs(labels);
    long[] att = Tensors.toLongs(attentionMask);
    float[] promptMask = new float[rows.length * (int) t];
    float[] reasoningMask = new float[rows.length * (int) t];
    for (int i = 0; i < rows.length; i++) {
      int row = (int) rows[i];
      int start = -1;
      int end = 0;
      for (int j = 0; j < t; j++) {
        if (start < 0 && lab[row * (int) t + j] != -100) {
          start = j;
        }
        if (att[row * (int) t + j] != 0) {
          end = j + 1;
        }
      }
      if (start <= 0 || start >= end) {
        throw new IllegalArgumentException("robot sample in row " + row + " has no supervised reasoning after its prompt (first label at "
            + start + ", last token at " + (end - 1) + ")");
      }
      for (int j = 0; j < t; j++) {
        promptMask[i * (int) t + j] = j < start ? 1 : 0;
        reasoningMask[i * (int) t + j] = j >= start && j < end ? 1 : 0;
      }
    }
    Tensor rowIndex = Tensors.onDeviceOf(Tensors.fromLongs(rows, rows.length), hidden);
    Tensor h = hidden.index_select(0, rowIndex); // [R, T, D]
    return new ActionHeadInputs(h, Tensors.onDeviceOf(Tensors.fromFloats(promptMask, rows.length, t), hidden), h,
        Tensors.onDeviceOf(Tensors.fromFloats(reasoningMask, rows.length, t), hidden),
        state.to(hidden.scalar_type()));
  }

  /**
   * Generates text for one prompt (B = 1) with {@code task}'s expert and a KV cache: prefill once, then one token per
   * step. Every generated token — the stop token too — is fed back, so its hidden state is the one teacher forcing
   * produces in training (the action head pools them).
   */
  public Generation generate(VlaInputs prompt, Task task, GenerationConfig cfg, RandomGenerator rng) {
    return generate(prompt, task, cfg, rng, TokenListener.NONE);
  }

  /**
   * {@link #generate(VlaInputs, Task, GenerationConfig, RandomGenerator)}, telling {@code listener} of each token as
   * soon as it is picked (before the pass that feeds it back), so a stream need not wait for the whole answer. The
   * listener only reads ids: tokens and hidden states are the same with or without it, except that when it returns
   * {@code false} the token it heard is the last (fed back like a stop token, and {@link Generation#stopped} is set).
   * An exception it throws ends the generation and propagates.
   */
  public Generation generate(VlaInputs prompt, Task task, GenerationConfig cfg, RandomGenerator rng, TokenListener listener) {
    if (prompt.batchSize() != 1) {
      throw new IllegalArgumentException("generate takes one prompt (B = 1), got B = " + prompt.batchSize());
    }
    long promptLength = prompt.length();
    checkContext(promptLength + cfg.maxNewTokens());
    ExpertRouting routing = ExpertRouting.of(task);
    List<Long> tokens = new ArrayList<>();
    List<Tensor> generatedHidden = new ArrayList<>();
    boolean stopped = false;
    try (NoGradGuard noGrad = new NoGradGuard(); KvCache cache = model.newCache()) {
      RopeIndex.Positions pos = ropeIndex.compute(prompt.inputIds(), prompt.imageGridThw(), prompt.attentionMask());
      Tensor promptHidden = model.forward(embed(prompt), pos.positionIds(), prompt.attentionMask(), routing, cache); // [1, Lp, D]
      Tensor last = promptHidden.narrow(1, promptLength - 1, 1); // [1, 1, D]
      while (tokens.size() < cfg.maxNewTokens()) {
        long next;
        boolean listenerEnds;
        try (Scope step = Scope.open()) {
          next = TokenSampler.pick(Tensors.toFloats(logits(last)), cfg, rng);
          tokens.add(next);
          listenerEnds = !listener.accept(next);
          Tensor ids = Tensors.onDeviceOf(Tensors.fromLongs(new long[] {next}, 1, 1), promptHidden); // [1, 1]
          Tensor positions = RopeIndex.decodePositions(cache.length(), 1, pos.ropeDeltas()); // [3, 1, 1]
          Tensor mask = torch.ones(new long[] {1, cache.length() + 1}, Tensors.options(DType.I64, promptHidden)); // [1, S]
          last = step.keep(model.forward(model.embed(ids), positions, mask, routing, cache)); // [1, 1, D]
        }
        generatedHidden.add(last);
        if (listenerEnds || cfg.stopTokens().contains(next)) {
          stopped = true;
          break;
        }
      }
      Tensor gen = torch.cat(new TensorVector(generatedHidden.toArray(Tensor[]::new)), 1); // [1, Lr, D]
      return new Generation(tokens.stream().mapToLong(Long::longValue).toArray(), promptHidden, gen, stopped);
    }
  }

  /**
   * The action chunk for a generated reasoning: pool the prompt and reasoning states, then DDIM from {@code noise}.
   *
   * @param state normalised robot state [1, Ds]
   * @param noise x_T [1, A, Da] ~ N(0, I)
   * @return normalised actions [1, A, Da] in [−1, 1]
   */
  public Tensor sampleActions(Generation generation, Tensor state, Tensor noise) {
    ActionHead head = requireHead();
    Tensor p = generation.promptHidden();
    Tensor r = generation.generatedHidden();
    if (r.size(1) == 0) {
      throw new IllegalArgumentException("the generation has no tokens: the action head needs reasoning states to pool");
    }
    ActionHeadInputs in = new ActionHeadInputs(p, torch.ones(new long[] {1, p.size(1)}, Tensors.options(DType.F32, p)), r,
        torch.ones(new long[] {1, r.size(1)}, Tensors.options(DType.F32, p)), Tensors.onDeviceOf(state, p).to(p.scalar_type()));
    return head.sampleActions(in, Tensors.onDeviceOf(noise, p).to(p.scalar_type()));
  }

  public Optional<ActionHead> actionHead() {
    return actionHead;
  }

  private ActionHead requireHead() {
    return actionHead.orElseThrow(() -> new IllegalStateException(
        "this model has no action head (config has no policy_head_config): it can chat but not act; convert it with"
            + " ./chatvla init-moe or train one"));
  }

  private void checkContext(long length) {
    if (length > config.text().maxPositionEmbeddings()) {
      throw new IllegalArgumentException("sequence of " + length + " tokens exceeds the context limit max_position_embeddings = "
          + config.text().maxPositionEmbeddings());
    }
  }
}
