package org.chatvla4j.train;

/**
 * What one optimizer step measured (one line of {@code metrics.jsonl}).
 *
 * @param stage stage index
 * @param stageName the stage's name
 * @param step 1-based step within the stage
 * @param globalStep 1-based step over the whole run
 * @param loss the back-propagated total (weighted)
 * @param tokenLoss token cross-entropy
 * @param actionLoss diffusion MSE (0 for a batch without robot samples)
 * @param lr the learning rate used
 * @param gradNorm the global gradient norm before clipping
 * @param samplesPerSecond batch size over the step's wall time (data + forward + backward + update)
 * @param robotSamples robot rows in the batch
 * @param supervisedTokens labelled tokens in the batch
 */
public record StepMetrics(
    int stage,
    String stageName,
    int step,
    long globalStep,
    double loss,
    double tokenLoss,
    double actionLoss,
    double lr,
    double gradNorm,
    double samplesPerSecond,
    int robotSamples,
    long supervisedTokens) {}
