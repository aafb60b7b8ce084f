package org.chatvla4j.model;

/**
 * What {@link ChatVla#act} returns: the sub-step reasoning the control expert said (without {@code Next Action:}) and
 * the action chunk in the normalised space [−1, 1], [A][Da] (the policy layer un-normalises it).
 */
public record ActResult(String reasoning, float[][] actions) {}
