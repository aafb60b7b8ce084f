/**
 * Questions, captions and scoring over tabletop scenes, CLEVR's method adapted to Language-Table
 * (tabletop-benchmark.md §9).
 *
 * <pre>
 *  SceneState ──► SceneFacts (masks: filters, relations, regions, next-to; NOMINAL / STRICT / LENIENT readings)
 *      │               │
 *      │               ├─► templates (Attribute, SameAttribute, Spatial, Tabletop) ─► candidates (text, Program, params)
 *      │               │       └─► ProgramExecutor: answer in all readings equal? ─► AnswerBalancer ─► Question
 *      │               └─► CaptionGenerator ─► Caption (text + CaptionFacts)
 *  model answers ──► AnswerNormalizer ─► VqaScorer (accuracy overall / per family / per answer type)
 * </pre>
 */
package org.chatvla4j.world.vqa;
