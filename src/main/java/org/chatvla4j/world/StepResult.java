package org.chatvla4j.world;

/**
 * The outcome of one {@link Env#step}: the next observation, the sparse reward ({@link Workspace#GOAL_REWARD} on
 * success, else 0), whether the task is now solved, and whether the episode is over (on success; the env sets no
 * time limit, the rollout runner does).
 */
public record StepResult(Observation observation, double reward, boolean success, boolean done) {}
