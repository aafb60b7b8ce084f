package org.chatvla4j.data;

/** One file of a dataset as the manifest lists it: its path relative to the dataset root ('/'-separated), size and hash. */
public record ManifestFile(String path, long bytes, String sha256) {
  public ManifestFile {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
      throw new IllegalArgumentException("path must be relative and '/'-separated, got '" + path + "'");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes of " + path + " is " + bytes + "; sizes cannot be negative");
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 of " + path + " must be 64 lowercase hex digits, got '" + sha256 + "'");
    }
  }
}
