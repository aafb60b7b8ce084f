package org.chatvla4j.text;

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
    System.setProperty("DJL_CACHE_DIR", org.chatvla4j.tensor.Engine.nativeCacheRoot().resolve("djl").toString());
  }

  private static boolean isSet(String name) {
    String prop = System.getProperty(name);
    String env = System.getenv(name);
    return (prop != null && !prop.isBlank()) || (env != null && !env.isBlank());
  }
}
