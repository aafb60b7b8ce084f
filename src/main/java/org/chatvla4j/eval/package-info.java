/**
 * Evaluation of a ChatVLA checkpoint in the built-in tabletop: closed-loop success per task family (the world's
 * {@code RolloutRunner} protocol), VQA accuracy per question family on held-out scenes, chat transcripts, the zero,
 * random and majority-answer baselines measured in the same run, and the JSON / Markdown / PNG reports.
 */
package org.chatvla4j.eval;
