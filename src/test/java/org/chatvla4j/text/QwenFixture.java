package org.chatvla4j.text;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The real Qwen tokenizer of the test resources, loaded once per test JVM (a load takes about a second). */
final class QwenFixture {
  private static Tokenizer tokenizer;

  private QwenFixture() {}

  static Path path() {
    try {
      return Path.of(QwenFixture.class.getResource("qwen3-tokenizer.json.gz").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static synchronized Tokenizer tokenizer() {
    if (tokenizer == null) {
      tokenizer = Tokenizer.load(path());
    }
    return tokenizer;
  }
}
