package org.chatvla4j.policy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.image.ImageSizing;
import org.chatvla4j.model.ActResult;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.RobotObservation;

/**
 * ChatVLA as a robot policy: the raw state is z-scored with the checkpoint's {@code dataset_stats.json}, the control
 * expert reasons and samples a chunk in [−1, 1], and the chunk is mapped back to robot units. Without statistics the
 * state and actions pass through unchanged (the model then sees and emits raw units). Inference goes through the
 * {@link InferenceGate}, so one policy can serve many threads.
 */
public final class ChatVlaPolicy implements ChunkPolicy {
  /** The statistics file a checkpoint directory carries. */
  public static final String STATS_FILE = "dataset_stats.json";

  private final ChatVla vla;
  private final Optional<DatasetStats> stats;
  private final InferenceGate gate;
  private final RandomGenerator rng;
  private final int maxReasoningTokens;
  private final ScaleDpConfig head;

  /**
   * @param rng draws the diffusion noise; only touched inside the gate
   * @param maxReasoningTokens the reasoning budget per query
   */
  public ChatVlaPolicy(ChatVla vla, Optional<DatasetStats> stats, InferenceGate gate, RandomGenerator rng, int maxReasoningTokens) {
    this.vla = vla;
    this.head = vla.model().config().actionHead().orElseThrow(
        () -> new IllegalArgumentException("this model has no action head (config.json has no policy_head_config); it can chat but not act"));
    stats.ifPresent(s -> {
      if (s.stateMean().length != head.stateDim() || s.actionMin().length != head.actionDim()) {
        throw new IllegalArgumentException(STATS_FILE + " has state " + s.stateMean().length + " / action " + s.actionMin().length
            + " dimensions but the model has state_dim " + head.stateDim() + " / action_dim " + head.actionDim());
      }
    });
    if (maxReasoningTokens <= 0) {
      throw new IllegalArgumentException("maxReasoningTokens must be > 0, got " + maxReasoningTokens);
    }
    this.stats = stats;
    this.gate = gate;
    this.rng = rng;
    this.maxReasoningTokens = maxReasoningTokens;
  }

  /** Reads {@code dir/dataset_stats.json}; when it is missing, warns on {@code log} and returns empty (identity). */
  public static Optional<DatasetStats> readStats(Path dir, PrintStream log) throws IOException {
    Path file = dir.resolve(STATS_FILE);
    if (!Files.isRegularFile(file)) {
      log.println("warning: " + file + " is missing; states and actions pass through un-normalised");
      return Optional.empty();
    }
    return Optional.of(DatasetStats.read(file));
  }

  public ScaleDpConfig head() {
    return head;
  }

  public Optional<DatasetStats> stats() {
    return stats;
  }

  @Override
  public ActionChunk infer(RobotQuery query) {
    if (query.cameras().isEmpty()) {
      throw new IllegalArgumentException("the observation has no camera image");
    }
    float[] raw = query.state();
    if (raw.length != head.stateDim()) {
      throw new IllegalArgumentException("the state has " + raw.length + " values but the model expects state_dim = " + head.stateDim());
    }
    float[] state = stats.map(s -> s.normalizeState(raw)).orElse(raw);
    // The wrist rule of training (ImageSizing.nativeResolution is what the trainer's data path applies).
    RobotObservation obs = new RobotObservation(ImageSizing.nativeResolution().forProcessor(query.cameraNames(), query.cameras()), state);
    ActResult r = gate.run(() -> vla.act(obs, query.prompt(), maxReasoningTokens, rng));
    float[][] actions = r.actions();
    if (stats.isPresent()) {
      for (int i = 0; i < actions.length; i++) {
        actions[i] = stats.get().unnormalizeAction(actions[i]);
      }
    }
    return new ActionChunk(actions, r.reasoning());
  }
}
