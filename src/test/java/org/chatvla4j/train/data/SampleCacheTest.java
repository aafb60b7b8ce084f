package org.chatvla4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.chatvla4j.image.RgbImage;
import org.chatvla4j.text.LabeledSequence;
import org.junit.jupiter.api.Test;

class SampleCacheTest {
  private static SampleCache.Key key(int i) {
    return new SampleCache.Key(Path.of("ep.hdf5"), i, "v");
  }

  /** An entry of one h×w image: 96 + (3hw + 96) bytes. */
  private static SampleCache.Prepared image(int h, int w) {
    return new SampleCache.Prepared(List.of(RgbImage.blank(h, w)), Optional.empty());
  }

  @Test
  void entrySizesFollowTheirArrays() {
    assertEquals(96 + 3 * 10 * 10 + 96, image(10, 10).bytes());
    LabeledSequence seq = new LabeledSequence(new long[] {1, 2, 3}, new long[] {-100, 2, 3}, 1);
    var both = new SampleCache.Prepared(List.of(RgbImage.blank(2, 5), RgbImage.blank(4, 4)), Optional.of(seq));
    assertEquals(96 + (30 + 96) + (48 + 96) + (16 * 3 + 2 * 96), both.bytes());
  }

  @Test
  void heldBytesNeverExceedTheBoundAndTheLeastRecentlyUsedGoFirst() {
    long entry = image(10, 10).bytes(); // 492
    SampleCache cache = new SampleCache(3 * entry + 10);
    cache.put(key(0), image(10, 10));
    cache.put(key(1), image(10, 10));
    cache.put(key(2), image(10, 10));
    assertEquals(3 * entry, cache.stats().bytes());
    assertTrue(cache.get(key(0)) != null); // 0 is now the most recently used, 1 the least
    cache.put(key(3), image(10, 10));
    assertNull(cache.get(key(1)), "the least recently used entry went");
    assertTrue(cache.get(key(0)) != null && cache.get(key(2)) != null && cache.get(key(3)) != null);
    assertEquals(new SampleCache.Stats(4, 1, 1, 3 * entry, 3), cache.stats());

    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 500; i++) {
      cache.put(key(r.nextInt(40)), image(1 + r.nextInt(20), 1 + r.nextInt(20)));
      assertTrue(cache.stats().bytes() <= cache.maxBytes(), "after put " + i + ": " + cache.stats());
    }
  }

  @Test
  void replacingAnEntryRecountsItsBytesAndOversizedEntriesAreNotKept() {
    SampleCache cache = new SampleCache(1000);
    cache.put(key(0), image(10, 10));
    cache.put(key(0), image(5, 5));
    assertEquals(image(5, 5).bytes(), cache.stats().bytes());
    assertEquals(1, cache.stats().entries());
    cache.put(key(0), image(20, 20)); // 1392 bytes > 1000: not kept, and the older value under the key is gone too
    assertNull(cache.get(key(0)));
    assertEquals(0, cache.stats().bytes());
    SampleCache none = new SampleCache(0);
    none.put(key(1), new SampleCache.Prepared(List.of(), Optional.empty()));
    assertEquals(0, none.stats().entries());
  }

  @Test
  void keysWithOtherSettingsAreOtherEntries() {
    SampleCache cache = new SampleCache(1 << 20);
    var a = image(3, 3);
    cache.put(new SampleCache.Key(Path.of("x"), 4, List.of("resized", 1)), a);
    assertSame(a, cache.get(new SampleCache.Key(Path.of("x"), 4, List.of("resized", 1))));
    assertNull(cache.get(new SampleCache.Key(Path.of("x"), 4, List.of("resized", 2))));
    assertNull(cache.get(new SampleCache.Key(Path.of("x"), 5, List.of("resized", 1))));
  }

  @Test
  void badBoundsAreNamed() {
    assertThrows(IllegalArgumentException.class, () -> new SampleCache(-1));
    String old = System.getProperty(SampleCache.PROPERTY);
    try {
      System.setProperty(SampleCache.PROPERTY, "lots");
      var e = assertThrows(IllegalArgumentException.class, SampleCache::defaultBytes);
      assertTrue(e.getMessage().contains(SampleCache.PROPERTY) && e.getMessage().contains("lots"), e.getMessage());
      System.setProperty(SampleCache.PROPERTY, "3");
      assertEquals(3L << 20, SampleCache.defaultBytes());
      System.clearProperty(SampleCache.PROPERTY);
      assertEquals(Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4), SampleCache.defaultBytes());
    } finally {
      if (old != null) {
        System.setProperty(SampleCache.PROPERTY, old);
      } else {
        System.clearProperty(SampleCache.PROPERTY);
      }
    }
  }
}
