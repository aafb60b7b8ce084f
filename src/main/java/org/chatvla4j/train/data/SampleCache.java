package org.chatvla4j.train.data;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.text.LabeledSequence;

/**
 * The data pipeline's memory-bounded cache of the deterministic parts of samples: decoded, sized 8-bit images (the
 * expensive part: HDF5 inflate or PNG decode, then the bicubic resize) and tokenised sequences. What stays random per
 * sample (augmentation) and what is cheap (normalise + patchify from the cached bytes, action chunks) is redone every
 * time, so a cached sample is bit for bit the sample built from the files.
 *
 * <p>Bounded by the bytes its entries hold, least recently used out first; an entry larger than the bound is not kept.
 * Safe for the pool's threads: one lock around a map, held only to look up, insert and evict (building an entry
 * happens outside it, so two threads may build the same entry once each; both get equal values). The default bound is
 * {@value #PROPERTY} MiB if that system property is set, else a quarter of the heap, at most 1 GiB: the whole
 * 9,000-frame demo dataset at 90×160 needs about 0.4 GiB, 1 GiB holds about 6,700 frames at 180×320.
 */
public final class SampleCache {
  /** System property overriding the default bound, in MiB (0 = cache nothing). */
  public static final String PROPERTY = "chatvla.data.cache.mb";

  /** JVM bookkeeping per entry, array and key (object headers, map node), so many small entries count too. */
  private static final long OVERHEAD = 96;

  /**
   * What a cache entry is found by: the file it came from, a position in it (a step, a sample index; -1 for a whole
   * image file), and the settings it was made with (a record, so equal settings find the same entry).
   */
  public record Key(Path file, int index, Object variant) {}

  /**
   * A cached sample part.
   *
   * @param images sized 8-bit images, ready for augmentation or for the processor's {@code patches}
   * @param sequence the tokenised conversation, where the entry carries one
   */
  public record Prepared(List<RgbImage> images, Optional<LabeledSequence> sequence) {
    public Prepared {
      images = List.copyOf(images);
    }

    /** The bytes this entry keeps alive. */
    long bytes() {
      long b = OVERHEAD;
      for (RgbImage img : images) {
        b += img.rgb().length + OVERHEAD;
      }
      return b + sequence.map(s -> 16L * s.length() + 2 * OVERHEAD).orElse(0L);
    }
  }

  /** Lookups so far. */
  public record Stats(long hits, long misses, long evictions, long bytes, int entries) {}

  private record Entry(Prepared value, long bytes) {}

  private final long maxBytes;
  private final LinkedHashMap<Key, Entry> map = new LinkedHashMap<>(256, 0.75f, true); // access order = LRU order
  private long bytes;
  private long hits;
  private long misses;
  private long evictions;

  /** @param maxBytes the bound on the bytes held; 0 keeps nothing */
  public SampleCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("the cache bound must be >= 0 bytes, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** A cache with the default bound (see the class comment). */
  public static SampleCache withDefaultBound() {
    return new SampleCache(defaultBytes());
  }

  /** {@value #PROPERTY} MiB when set, else min(1 GiB, max heap / 4). */
  public static long defaultBytes() {
    String mb = System.getProperty(PROPERTY);
    if (mb != null) {
      try {
        long v = Long.parseLong(mb.trim());
        if (v >= 0) {
          return v << 20;
        }
      } catch (NumberFormatException e) {
        // reported below with the fix
      }
      throw new IllegalArgumentException("system property " + PROPERTY + " is '" + mb + "'; give the data cache's size in MiB as"
          + " a whole number >= 0 (e.g. -D" + PROPERTY + "=512), or leave it unset for min(1024, heap/4)");
    }
    return Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The entry for {@code key}, now the most recently used; null when absent. */
  public synchronized Prepared get(Key key) {
    Entry e = map.get(key);
    if (e == null) {
      misses++;
      return null;
    }
    hits++;
    return e.value();
  }

  /** Keeps {@code value} under {@code key} (replacing any entry there), then drops the least recently used over the bound. */
  public synchronized void put(Key key, Prepared value) {
    long b = value.bytes();
    Entry old = map.remove(key);
    if (old != null) {
      bytes -= old.bytes();
    }
    if (b > maxBytes) {
      return;
    }
    map.put(key, new Entry(value, b));
    bytes += b;
    // The new entry is the youngest and fits alone, so the loop stops before reaching it.
    Iterator<Map.Entry<Key, Entry>> eldest = map.entrySet().iterator();
    while (bytes > maxBytes) {
      bytes -= eldest.next().getValue().bytes();
      eldest.remove();
      evictions++;
    }
  }

  public synchronized Stats stats() {
    return new Stats(hits, misses, evictions, bytes, map.size());
  }
}
