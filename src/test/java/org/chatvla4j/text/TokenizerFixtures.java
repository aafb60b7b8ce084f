package org.chatvla4j.text;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The tokenizers the tests share, loaded once per test JVM and kept open for its lifetime: the real Qwen tokenizer
 * of the test resources (a load takes about a second) and the tiny tabletop one.
 */
final class TokenizerFixtures {
  private static Tokenizer qwen;
  private static Tokenizer tiny;

  private TokenizerFixtures() {}

  static Path qwenPath() {
    try {
      return Path.of(TokenizerFixtures.class.getResource("qwen3-tokenizer.json.gz").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static synchronized Tokenizer qwen() {
    if (qwen == null) {
      qwen = Tokenizer.load(qwenPath());
    }
    return qwen;
  }

  static synchronized Tokenizer tiny() {
    if (tiny == null) {
      tiny = Tokenizer.tiny();
    }
    return tiny;
  }
}
