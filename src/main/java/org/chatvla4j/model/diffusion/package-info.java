/**
 * Diffusion schedules and samplers for the action head, as pure functions of their inputs (diffusers semantics):
 * {@link org.chatvla4j.model.diffusion.BetaSchedule} and {@link org.chatvla4j.model.diffusion.DdimScheduler}. Noise and
 * timesteps always come from the caller.
 */
package org.chatvla4j.model.diffusion;
