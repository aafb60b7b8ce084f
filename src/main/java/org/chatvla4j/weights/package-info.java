/**
 * Checkpoint files without a tensor engine: safetensors reading over memory-mapped files (any size, every whole-byte
 * dtype, precise errors for malformed input), atomic writing, and Hugging Face checkpoint directories (single file or
 * shards plus {@code model.safetensors.index.json}).
 *
 * <pre>
 *   file/dir ──CheckpointFiles.open──► SafetensorsFile(s) ──tensor(name)──► TensorData(dtype, shape, read-only bytes)
 *                                                                                 │ engine wraps the bytes
 *   SequencedMap&lt;name, TensorData&gt; ──SafetensorsWriter / CheckpointWriter──► file / dir (temp + rename)
 * </pre>
 *
 * <p>This package depends on no tensor library: {@link org.chatvla4j.weights.TensorData} carries raw little-endian
 * bytes as a {@link java.lang.foreign.MemorySegment}, which the engine side turns into its own tensors.
 */
package org.chatvla4j.weights;
