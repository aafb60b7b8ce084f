/**
 * ChatVLA's action expert: the ScaleDP diffusion transformer ({@code policy_head.*}) and the conditioning that turns
 * the VLM's prompt and reasoning hidden states into its condition token ({@code input_action_proj.*},
 * {@code reasoning_action_proj.*}, {@code reasoning_film.*}), wired together by
 * {@link org.chatvla4j.model.action.ActionHead}. Parameter names are those of ChatVLA checkpoints.
 */
package org.chatvla4j.model.action;
