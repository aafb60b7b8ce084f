package org.chatvla4j.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of DESIGN.md, checked on the sources: every reference to an {@code org.chatvla4j} package
 * (imports and fully qualified names) must respect them.
 */
class DependencyRulesTest {
  private static final Path MAIN = Path.of("src/main/java/org/chatvla4j");
  private static final Pattern REF = Pattern.compile("org\\.chatvla4j\\.([a-z]+)");

  /** Package → packages it must not use. */
  private static final Map<String, List<String>> FORBIDDEN = Map.of(
      "world", List.of("model", "nn", "tensor", "train", "serve", "policy", "cli", "eval"),
      "model", List.of("train", "serve", "world", "cli", "policy", "eval"),
      "nn", List.of("model", "train", "serve", "world", "cli", "data"),
      "tensor", List.of("config", "nn", "weights", "model", "text", "image", "data", "train", "world", "serve", "policy", "cli", "eval"),
      "io", List.of("tensor", "config", "nn", "weights", "model", "text", "image", "data", "train", "world", "serve", "policy", "cli", "eval"),
      "data", List.of("model", "world", "train", "serve", "policy", "cli", "nn"),
      "weights", List.of("tensor", "nn", "model", "train", "world", "serve", "cli"),
      // text may read the world's block words: the tiny tokenizer's corpus is built from them.
      "text", List.of("model", "train", "serve", "cli"),
      "image", List.of("model", "train", "world", "serve", "cli"));

  @Test
  void packagesRespectTheDependencyRules() throws IOException {
    assertTrue(Files.isDirectory(MAIN), "run from the project root");
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String pkg = MAIN.relativize(f).getName(0).toString();
        List<String> banned = FORBIDDEN.get(pkg);
        if (banned == null) {
          continue;
        }
        String src = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Matcher m = REF.matcher(src);
        while (m.find()) {
          if (banned.contains(m.group(1))) {
            violations.add(MAIN.relativize(f) + " uses org.chatvla4j." + m.group(1));
          }
        }
      }
    }
    assertEquals(List.of(), violations.stream().distinct().toList());
  }
}
