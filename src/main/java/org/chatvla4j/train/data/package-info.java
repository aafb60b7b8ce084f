/**
 * Training data for ChatVLA: robot episodes (DexVLA/ACT HDF5) and LLaVA VQA json turned into {@link
 * org.chatvla4j.model.TrainingSample}s — action chunks with {@code is_pad}, normalised state and actions, prompts and
 * labels, robot-image augmentation — and mixed into deterministic, seekable batches ({@link
 * org.chatvla4j.train.data.MixedBatchSource}) for the trainer.
 *
 * <p>Every random choice (the order of samples, the augmentation of each one) is a function of the source's seed and
 * the sample's position in the stream, never of what was read before, so a resumed run sees the same batches.
 */
package org.chatvla4j.train.data;
