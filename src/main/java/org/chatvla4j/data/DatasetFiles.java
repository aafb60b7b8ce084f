package org.chatvla4j.data;

import org.chatvla4j.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Lists and hashes the files of a dataset directory, the content the manifest vouches for. */
final class DatasetFiles {
  private DatasetFiles() {}

  /** Every regular file under {@code root} except the manifest, sorted by relative path, with size and SHA-256. */
  static List<ManifestFile> list(Path root) {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + AtomicFiles.describe(e), e);
    }
    List<ManifestFile> out = new ArrayList<>();
    for (Path p : paths) {
      String rel = relative(root, p);
      if (rel.equals(DatasetDirectory.MANIFEST_JSON)) {
        continue;
      }
      try {
        out.add(new ManifestFile(rel, Files.size(p), sha256(p)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot hash " + p + ": " + AtomicFiles.describe(e), e);
      }
    }
    out.sort(Comparator.comparing(ManifestFile::path));
    return out;
  }

  static String relative(Path root, Path file) {
    return root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), "/");
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md = digest();
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** One hash for the whole content: SHA-256 over "path\tbytes\tsha256\n" lines in path order. */
  static String contentHash(List<ManifestFile> files) {
    MessageDigest md = digest();
    for (ManifestFile f : files) {
      md.update((f.path() + "\t" + f.bytes() + "\t" + f.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
