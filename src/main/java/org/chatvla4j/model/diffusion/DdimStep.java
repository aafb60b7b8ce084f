package org.chatvla4j.model.diffusion;

import org.bytedeco.pytorch.Tensor;

/**
 * The result of one DDIM step (diffusers {@code DDIMSchedulerOutput}).
 *
 * @param prevSample x_{t−k}, the sample to feed to the next step [B, A, Da]
 * @param predOriginalSample x̂0 after clipping [B, A, Da]
 */
public record DdimStep(Tensor prevSample, Tensor predOriginalSample) {}
