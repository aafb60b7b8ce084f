package org.chatvla4j.train;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One phase of training: what it reads, what it freezes, how long and how fast it learns.
 *
 * @param name a short label for progress, metrics and checkpoints (e.g. {@code control})
 * @param data the data mix
 * @param frozen regexes over HF parameter names (find semantics); matching parameters are frozen for the stage, all
 *     others trainable
 * @param expertInit what happens to the experts before the first step
 * @param steps optimizer steps
 * @param batchSize samples per step
 * @param schedule the learning rate per step
 * @param optimizer AdamW's β1, β2, ε and weight decay (fresh moments every stage)
 * @param gradClip the global gradient-norm limit
 * @param lossWeights weights of token and action loss
 * @param evalEvery run the eval hooks every this many steps (0 = only at the stage end, when hooks are given)
 * @param checkpointEvery write a checkpoint every this many steps (0 = only at the stage end)
 * @param actionNoiseDraws diffusion (noise, timestep) draws per robot sample and step (1 = the reference); the action
 *     head's trunk runs on this many copies of each sample's condition, which is cheap next to the VLM forward
 */
public record StageSpec(
    String name,
    StageData data,
    List<String> frozen,
    ExpertInit expertInit,
    int steps,
    int batchSize,
    LrSchedule schedule,
    AdamWSpec optimizer,
    double gradClip,
    LossWeights lossWeights,
    int evalEvery,
    int checkpointEvery,
    int actionNoiseDraws) {

  public StageSpec {
    frozen = List.copyOf(frozen);
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("name must be letters, digits, '-', '_' or '.', got '" + name + "'");
    }
    for (int i = 0; i < frozen.size(); i++) {
      try {
        Pattern.compile(frozen.get(i));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("frozen[" + i + "] '" + frozen.get(i) + "' is not a valid regex: " + e.getDescription());
      }
    }
    if (steps <= 0) {
      throw new IllegalArgumentException("steps must be > 0, got " + steps);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch_size must be > 0, got " + batchSize);
    }
    if (!(gradClip > 0)) {
      throw new IllegalArgumentException("grad_clip must be > 0 (1.0 is HF's max_grad_norm), got " + gradClip);
    }
    if (evalEvery < 0) {
      throw new IllegalArgumentException("eval_every must be >= 0 (0 = at the stage end only), got " + evalEvery);
    }
    if (checkpointEvery < 0) {
      throw new IllegalArgumentException("checkpoint_every must be >= 0 (0 = at the stage end only), got " + checkpointEvery);
    }
    if (actionNoiseDraws < 1 || actionNoiseDraws > 64) {
      throw new IllegalArgumentException("action_noise_draws must be in 1 … 64 (1 = the reference), got " + actionNoiseDraws);
    }
  }

  /**
   * The same stage with {@code newSteps} steps; the eval and checkpoint intervals keep their share of the stage (the
   * warmup is a ratio already).
   */
  public StageSpec withSteps(int newSteps) {
    return new StageSpec(name, data, frozen, expertInit, newSteps, batchSize, schedule, optimizer, gradClip, lossWeights,
        rescale(evalEvery, newSteps), rescale(checkpointEvery, newSteps), actionNoiseDraws);
  }

  /** The same stage with eval hooks every {@code interval} steps. */
  public StageSpec withEvalEvery(int interval) {
    return new StageSpec(name, data, frozen, expertInit, steps, batchSize, schedule, optimizer, gradClip, lossWeights, interval,
        checkpointEvery, actionNoiseDraws);
  }

  private int rescale(int interval, int newSteps) {
    if (interval == 0) {
      return 0;
    }
    return (int) Math.max(1, Math.round((double) interval * newSteps / steps));
  }

  /** The learning rate of step {@code step} (0-based). */
  public double lrAt(int step) {
    return schedule.lrAt(step, steps);
  }
}
