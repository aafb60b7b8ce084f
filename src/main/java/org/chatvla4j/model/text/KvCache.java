package org.chatvla4j.model.text;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.chatvla4j.tensor.Shapes;

/**
 * Keys and values of every decoder layer for the tokens seen so far, {@code [B, K, S, Hd]} per layer (after M-RoPE, as
 * transformers' {@code DynamicCache}). Each forward pass appends its T new positions; {@link #crop} drops a suffix so a
 * shared prefix (e.g. the prompt) can be reused, as SmolVLA's {@code past_key_values.crop(prefix_len)}.
 *
 * <p>The cache owns its tensors beyond any {@code Scope}: a decode step's scope may close while the cache keeps the
 * concatenated keys; replaced tensors are released at once. Not thread-safe; one cache per generation.
 */
public final class KvCache implements AutoCloseable {
  private final Tensor[] keys;
  private final Tensor[] values;

  /** An empty cache for a decoder with {@code numLayers} layers. */
  public KvCache(int numLayers) {
    if (numLayers <= 0) {
      throw new IllegalArgumentException("numLayers must be > 0, got " + numLayers);
    }
    this.keys = new Tensor[numLayers];
    this.values = new Tensor[numLayers];
  }

  public int numLayers() {
    return keys.length;
  }

  /** S: positions cached so far (0 when empty); every layer holds the same length between forward passes. */
  public long length() {
    return keys[0] == null ? 0 : keys[0].size(2);
  }

  /**
   * Appends a layer's new keys and values {@code [B, K, T, Hd]} and returns the whole sequence {@code [B, K, S, Hd]}
   * (S = previous length + T) for attention.
   */
  public Tensor[] append(int layer, Tensor newKeys, Tensor newValues) {
    checkLayer(layer);
    Tensor k = keys[layer];
    if (k != null) {
      Shapes.check("key_states", newKeys, "B, K, T, Hd", k.size(0), k.size(1), Shapes.ANY, k.size(3));
    }
    Shapes.check("value_states", newValues, "B, K, T, Hd", newKeys.size(0), newKeys.size(1), newKeys.size(2), newKeys.size(3));
    Tensor allKeys = k == null ? newKeys : torch.cat(new TensorVector(k, newKeys), 2); // [B, K, S, Hd]
    Tensor allValues = k == null ? newValues : torch.cat(new TensorVector(values[layer], newValues), 2);
    store(layer, allKeys, allValues);
    return new Tensor[] {allKeys, allValues};
  }

  /** Keeps the first {@code prefixLength} positions of every layer (no-op when already that short). */
  public void crop(long prefixLength) {
    long s = length();
    if (prefixLength < 0 || prefixLength > s) {
      throw new IllegalArgumentException("crop length must be in [0, " + s + "], got " + prefixLength);
    }
    if (prefixLength == s) {
      return;
    }
    for (int layer = 0; layer < keys.length; layer++) {
      if (keys[layer] == null) {
        continue;
      }
      if (prefixLength == 0) {
        store(layer, null, null);
      } else {
        // clone() so the cropped storage is freed instead of pinned by a view
        store(layer, keys[layer].narrow(2, 0, prefixLength).clone(), values[layer].narrow(2, 0, prefixLength).clone());
      }
    }
  }

  private void store(int layer, Tensor k, Tensor v) {
    release(keys[layer]);
    release(values[layer]);
    keys[layer] = retain(k);
    values[layer] = retain(v);
  }

  /** Our own handle on the same tensor, alive until released here whatever scope the caller's handle lives in. */
  private static Tensor retain(Tensor t) {
    if (t == null) {
      return null;
    }
    Tensor own = new Tensor(t);
    own.retainReference();
    return own;
  }

  private static void release(Tensor t) {
    if (t != null) {
      t.releaseReference();
    }
  }

  private void checkLayer(int layer) {
    if (layer < 0 || layer >= keys.length) {
      throw new IllegalArgumentException("layer must be in [0, " + keys.length + "), got " + layer);
    }
  }

  /** Releases every cached tensor; the cache is empty afterwards. */
  @Override
  public void close() {
    for (int layer = 0; layer < keys.length; layer++) {
      store(layer, null, null);
    }
  }
}
