package org.chatvla4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One {@link Tokenizer} is shared by the data workers, the trainer's eval hooks and the server's request threads, so
 * concurrent encode/decode calls must give what sequential calls give (DJL's native tokenizer is not documented as
 * thread-safe; this checks it).
 */
class TokenizerConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 200;

  @Test
  void concurrentEncodeAndDecodeEqualSequentialCalls() throws Exception {
    Tokenizer tok = TokenizerFixtures.tiny();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      texts.add("<|im_start|>user\nIs there a red moon left of the blue cube number " + i + "?<|im_end|>\n"
          + "<|im_start|>assistant\nMove behind the green star. Next Action:<|im_end|>");
    }
    List<long[]> expected = texts.stream().map(tok::encode).toList();
    List<String> decoded = expected.stream().map(tok::decode).toList();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> runs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int offset = t;
        runs.add(pool.submit(() -> {
          go.await();
          int checked = 0;
          for (int r = 0; r < ROUNDS; r++) {
            int i = (offset * 7 + r) % texts.size();
            assertArrayEquals(expected.get(i), tok.encode(texts.get(i)), "text " + i);
            assertEquals(decoded.get(i), tok.decode(expected.get(i)), "ids of text " + i);
            checked++;
          }
          return checked;
        }));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> f : runs) {
        total += f.get();
      }
      assertEquals(THREADS * ROUNDS, total);
    } finally {
      pool.shutdownNow();
    }
  }
}
