package org.chatvla4j.text;

import java.nio.file.Path;

/**
 * Points DJL's native-library cache (where the tokenizers {@code .so} is extracted) next to the project's libtorch
 * cache instead of {@code ~/.djl.ai}, unless the user chose a place with {@code DJL_CACHE_DIR}/{@code ENGINE_CACHE_DIR}.
 */
final class NativeCache {
  private NativeCache() {}

  static synchronized void configure() {
    if (isSet("DJL_CACHE_DIR") || isSet("ENGINE_CACHE_DIR")) {
      return;
    }
    System.setProperty("DJL_CACHE_DIR", base().resolve("djl").toString());
  }

  // Same precedence as org.chatvla4j.tensor.Engine's libtorch cache (property, environment, XDG, ~/.cache).
  private static Path base() {
    String p = System.getProperty("chatvla.nativeCache");
    if (p == null || p.isBlank()) {
      p = System.getenv("CHATVLA_NATIVE_CACHE");
    }
    if (p != null && !p.isBlank()) {
      return Path.of(p).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return root.resolve("chatvla4j");
  }

  private static boolean isSet(String name) {
    String prop = System.getProperty(name);
    String env = System.getenv(name);
    return (prop != null && !prop.isBlank()) || (env != null && !env.isBlank());
  }
}
