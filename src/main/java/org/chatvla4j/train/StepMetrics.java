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
 * @param readoutLoss the condition readout's MSE against the first action ({@code loss_weights.readout}; 0 for a batch
 *     without robot samples); measured at every weight, part of {@code loss} only when its weight is not 0
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
    double readoutLoss,
    double lr,
    double gradNorm,
    double samplesPerSecond,
    int robotSamples,
    long supervisedTokens) {}
