package org.chatvla4j.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.chatvla4j.config.ChatVlaConfig;
import org.chatvla4j.config.ConfigJson;
import org.chatvla4j.config.ScaleDpConfig;
import org.chatvla4j.data.DatasetStats;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.policy.ChatVlaPolicy;
import org.chatvla4j.policy.TabletopState;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Device;
import org.chatvla4j.weights.CheckpointFiles;

/**
 * A checkpoint directory checked to fit the tabletop before anything is loaded or run: {@code config.json} with an
 * action head of action dimension 2 (Δxy) and state dimension 4 ({@link TabletopState}), weights, {@code
 * tokenizer.json}; then the model and its {@code dataset_stats.json}.
 */
public record EvalCheckpoint(Path dir, ChatVla model, Optional<DatasetStats> stats) {
  /** The tabletop's action dimension (Δx, Δy). */
  public static final int ACTION_DIM = 2;

  /** Checks {@code dir} without loading weights; throws {@link IllegalArgumentException} naming the file and the fix. */
  public static ChatVlaConfig check(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--model " + dir + " is not a directory (give a checkpoint directory, e.g. "
          + "runs/demo/train/checkpoints/step-N)");
    }
    Path config = dir.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException(dir + " is not a checkpoint: config.json is missing (a checkpoint holds config.json, "
          + CheckpointFiles.SINGLE_FILE + " or " + CheckpointFiles.INDEX_FILE + ", tokenizer.json, dataset_stats.json)");
    }
    if (!Files.isRegularFile(dir.resolve(CheckpointFiles.SINGLE_FILE)) && !Files.isRegularFile(dir.resolve(CheckpointFiles.INDEX_FILE))) {
      throw new IllegalArgumentException(dir + " is not a checkpoint: it holds neither " + CheckpointFiles.SINGLE_FILE + " nor "
          + CheckpointFiles.INDEX_FILE);
    }
    if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
      throw new IllegalArgumentException(dir + " is not a checkpoint: tokenizer.json is missing");
    }
    ChatVlaConfig cfg;
    try {
      cfg = ConfigJson.read(config);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    ScaleDpConfig head = cfg.actionHead().orElseThrow(() -> new IllegalArgumentException(config
        + " has no policy_head_config: this model can chat but not act, so it cannot be evaluated in the tabletop"));
    if (head.actionDim() != ACTION_DIM || head.stateDim() != TabletopState.DIM) {
      throw new IllegalArgumentException(config + ": policy_head_config has action_dim " + head.actionDim() + " and state_dim "
          + head.stateDim() + ", but the tabletop needs action_dim " + ACTION_DIM + " (dx, dy) and state_dim " + TabletopState.DIM
          + " (effector xy, target xy); train on tabletop data (./chatvla world generate) to evaluate here");
    }
    return cfg;
  }

  /** {@link #open(Path, PrintStream, Device)} on the CPU, where the demo and the experiments evaluate. */
  public static EvalCheckpoint open(Path dir, PrintStream log) throws IOException {
    return open(dir, log, Device.CPU);
  }

  /**
   * {@link #check}s, then loads the weights (F32) onto {@code device} and the statistics (a warning on {@code log} when
   * they are missing).
   */
  public static EvalCheckpoint open(Path dir, PrintStream log, Device device) throws IOException {
    check(dir);
    ChatVla vla = ChatVla.load(dir, DType.F32).to(device);
    Optional<DatasetStats> stats = ChatVlaPolicy.readStats(dir, log);
    return new EvalCheckpoint(dir, vla, stats);
  }

  /** The name reports use: the checkpoint directory's name and its parent's. */
  public String id() {
    Path abs = dir.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    return parent == null ? abs.getFileName().toString() : parent.getFileName() + "/" + abs.getFileName();
  }
}
