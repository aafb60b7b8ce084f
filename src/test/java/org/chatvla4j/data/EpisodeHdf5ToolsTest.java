package org.chatvla4j.data;

import org.chatvla4j.image.RgbImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks written episodes with the HDF5 reference tools (Debian's hdf5-tools, h5ls/h5dump from the C library) and,
 * where present, with h5py as DexVLA reads them: the files must not only round-trip through jhdf.
 */
class EpisodeHdf5ToolsTest {
  @TempDir Path dir;
  Path file;

  /** Three steps of a 4x5 camera whose bytes are 200 + t + i, so every pixel is above 127. */
  @BeforeEach
  void writeEpisode() {
    float[][] actions = {{0.5f, -0.25f}, {1f, 2f}, {3f, 4f}};
    float[][] qpos = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
    EpisodeBuilder b = new EpisodeBuilder("push the red moon to the top left corner").simulated(true);
    for (int t = 0; t < 3; t++) {
      byte[] px = new byte[4 * 5 * 3];
      for (int i = 0; i < px.length; i++) {
        px[i] = (byte) (200 + t + i);
      }
      b.add(new EpisodeBuilder.Step(actions[t], qpos[t], qpos[t], Map.of("top", new RgbImage(4, 5, px)), "Step " + t + "."));
    }
    file = dir.resolve("episode_0.hdf5");
    EpisodeWriter.write(b.build(), file);
  }

  @Test
  void h5lsListsTheLayoutWithShapesAndTypes() throws Exception {
    String out = run("h5ls", "-r", "-v", file.toString());
    assertDataset(out, "/action", "{3/3, 2/2}", "native float");
    assertDataset(out, "/observations/qpos", "{3/3, 4/4}", "native float");
    assertDataset(out, "/observations/qvel", "{3/3, 4/4}", "native float");
    assertDataset(out, "/observations/images/top", "{3/3, 4/4, 5/5, 3/3}", "native unsigned char");
    assertDataset(out, "/language_raw", "{1/1}", "41-byte null-terminated UTF-8 string");
    assertDataset(out, "/substep_reasonings", "{3/3}", "8-byte null-terminated UTF-8 string");
    String images = block(out, "/observations/images/top");
    assertTrue(images.contains("Chunks:    {1, 4, 5, 3} 60 bytes"), images);
    assertTrue(images.contains("deflate") && images.contains("{4}"), images);
    assertTrue(out.contains("Attribute: sim scalar\n        Type:      native signed char"), out);
  }

  @Test
  void h5dumpReadsUnsignedPixelsFloatsAndStrings() throws Exception {
    String header = run("h5dump", "-H", "-p", file.toString());
    assertTrue(header.contains("DATATYPE  H5T_STD_U8LE"), header);
    assertTrue(header.contains("DATASPACE  SIMPLE { ( 3, 4, 5, 3 ) / ( 3, 4, 5, 3 ) }"), header);
    assertTrue(header.contains("CHUNKED ( 1, 4, 5, 3 )"), header);
    assertTrue(header.contains("COMPRESSION DEFLATE { LEVEL 4 }"), header);
    assertEquals(3, count(header, "DATATYPE  H5T_IEEE_F32LE"), header);

    String pixels = run("h5dump", "-d", "/observations/images/top", "-s", "2,3,4,0", "-c", "1,1,1,3", file.toString());
    // Frame 2, last pixel: bytes 200 + 2 + 57..59 wrap to 3, 4, 5; frame 0's first pixel checks values above 127.
    assertTrue(pixels.contains("(2,3,4,0): 3, 4, 5"), pixels);
    String first = run("h5dump", "-d", "/observations/images/top", "-s", "0,0,0,0", "-c", "1,1,1,3", file.toString());
    assertTrue(first.contains("(0,0,0,0): 200, 201, 202"), first);

    String action = run("h5dump", "-d", "/action", file.toString());
    assertTrue(action.contains("(0,0): 0.5, -0.25,"), action);
    String language = run("h5dump", "-d", "/language_raw", file.toString());
    assertTrue(language.contains("(0): \"push the red moon to the top left corner\""), language);
    String reasons = run("h5dump", "-d", "/substep_reasonings", file.toString());
    assertTrue(reasons.contains("(0): \"Step 0.\", \"Step 1.\", \"Step 2.\""), reasons);
  }

  /** The read DexVLA's EpisodicDataset.load_from_h5 does, done by h5py itself. */
  @Test
  void h5pyReadsItTheWayDexVlaDoes() throws Exception {
    String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    assumeTrue(
        exitCode(python, "-c", "import h5py") == 0,
        "h5py is not installed (apt-get install python3-h5py); skipping the DexVLA-style read");
    String script =
        String.join(
            "\n",
            "import sys, h5py",
            "with h5py.File(sys.argv[1], 'r') as root:",
            "    print(bool(root.attrs['sim']), bool(root.attrs.get('compress', False)))",
            "    print(root['language_raw'][0].decode('utf-8'))",
            "    print(root['substep_reasonings'][2].decode('utf-8'))",
            "    img = root['/observations/images/top'][1]",
            "    print(img.dtype, img.shape, int(img[0, 0, 0]), int(img.max()))",
            "    print(root['/action'][()].dtype, root['/action'][()].shape, float(root['/action'][0, 1]))");
    String out = run(python, "-c", script, file.toString());
    assertEquals(
        List.of("True False", "push the red moon to the top left corner", "Step 2.", "uint8 (4, 5, 3) 201 255",
            "float32 (3, 2) -0.25"),
        out.lines().toList());
  }

  private static void assertDataset(String h5ls, String path, String shape, String type) {
    String b = block(h5ls, path);
    assertTrue(b.startsWith(path + " ") && b.contains("Dataset " + shape), "shape of " + path + ":\n" + b);
    assertTrue(b.contains("Type:      " + type), "type of " + path + ":\n" + b);
  }

  /** The lines h5ls prints for one object: its header line and the indented lines below it. */
  private static String block(String h5ls, String path) {
    List<String> lines = h5ls.lines().toList();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(path + " ")) {
        sb.append(lines.get(i)).append('\n');
        for (int j = i + 1; j < lines.size() && lines.get(j).startsWith(" "); j++) {
          sb.append(lines.get(j)).append('\n');
        }
        return sb.toString();
      }
    }
    return "(no entry for " + path + " in)\n" + h5ls;
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    assumeTrue(
        exitCode("which", command[0]) == 0 || Files.isExecutable(Path.of(command[0])),
        command[0] + " is not installed (apt-get install hdf5-tools); skipping the check with the HDF5 C tools");
    Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
    return out;
  }

  private static int exitCode(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }
}
