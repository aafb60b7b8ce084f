package org.chatvla4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WorldCommandTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void evalOraclePrintsTheTable() {
    Run r = run("world", "eval-oracle", "--episodes", "2", "--families", "separate,blocktorelativelocation", "--no-progress");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("separate") && r.out().contains("block2relativelocation"), r.out());
    assertTrue(r.out().contains("mean"), r.out());
    assertTrue(r.out().contains("BLOCK_8"), r.out());
  }

  @Test
  void badInputIsExplained() {
    Run family = run("world", "eval-oracle", "--families", "stacking", "--no-progress");
    assertEquals(1, family.code());
    assertTrue(family.err().contains("unknown task family 'stacking'") && family.err().contains("block2block"), family.err());
    Run blocks = run("world", "eval-oracle", "--blocks", "BLOCK_9", "--no-progress");
    assertEquals(1, blocks.code());
    assertTrue(blocks.err().contains("N_CHOOSE_K"), blocks.err());
    Run episodes = run("world", "eval-oracle", "--episodes", "0", "--no-progress");
    assertEquals(1, episodes.code());
    assertTrue(episodes.err().contains("must be positive"), episodes.err());
  }

  @TempDir Path tmp;

  @Test
  void renderWritesAPngOfTheAskedSizeBothViews() throws Exception {
    Path camera = tmp.resolve("scene.png");
    Run r = run("world", "render", "--seed", "3", "--size", "90x160", "--out", camera.toString());
    assertEquals(0, r.code(), r.err());
    BufferedImage img = ImageIO.read(camera.toFile());
    assertEquals(90, img.getHeight());
    assertEquals(160, img.getWidth());
    Path top = tmp.resolve("top.png");
    assertEquals(0, run("world", "render", "--seed", "3", "--size", "90x160", "--top-down", "--out", top.toString()).code());
    assertTrue(!java.util.Arrays.equals(Files.readAllBytes(camera), Files.readAllBytes(top)), "views differ");
    Path again = tmp.resolve("again.png");
    assertEquals(0, run("world", "render", "--seed", "3", "--size", "90x160", "--out", again.toString()).code());
    assertTrue(java.util.Arrays.equals(Files.readAllBytes(camera), Files.readAllBytes(again)), "same seed, same bytes");
  }

  @Test
  void evalOracleSavesOneGifPerFamily() throws Exception {
    Path gifs = tmp.resolve("gifs");
    Run r = run("world", "eval-oracle", "--episodes", "2", "--families", "separate,block2block", "--no-progress",
        "--gif", gifs.toString(), "--gif-size", "45x80");
    assertEquals(0, r.code(), r.err());
    for (String family : new String[] {"separate", "block2block"}) {
      Path gif = gifs.resolve(family + "_0.gif");
      assertTrue(Files.isRegularFile(gif), r.out());
      try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        reader.setInput(in);
        int frames = reader.getNumImages(true);
        assertTrue(frames >= 2 && frames <= 201, family + ": " + frames + " frames");
        assertEquals(80, reader.getWidth(0));
        assertEquals(45, reader.getHeight(0));
      }
    }
    try (var files = Files.list(gifs)) {
      assertEquals(2, files.count());
    }
  }

  @Test
  void generateExplainsBadInput() throws Exception {
    Path out = tmp.resolve("ds");
    Run family = run("world", "generate", "--episodes", "1", "--families", "stacking", "--out", out.toString());
    assertEquals(1, family.code());
    assertTrue(family.err().contains("unknown task family 'stacking'"), family.err());
    Run blocks = run("world", "generate", "--episodes", "1", "--blocks", "BLOCK_9", "--out", out.toString());
    assertEquals(1, blocks.code());
    assertTrue(blocks.err().contains("N_CHOOSE_K"), blocks.err());
    Run zero = run("world", "generate", "--episodes", "0", "--out", out.toString());
    assertEquals(1, zero.code());
    assertTrue(zero.err().contains("--episodes") && zero.err().contains("positive"), zero.err());
    Run k = run("world", "generate", "--episodes", "1", "--questions-per-scene", "0", "--out", out.toString());
    assertEquals(1, k.code());
    assertTrue(k.err().contains("--questions-per-scene"), k.err());
    Run size = run("world", "generate", "--episodes", "1", "--size", "180by320", "--out", out.toString());
    assertEquals(1, size.code());
    assertTrue(size.err().contains("HEIGHTxWIDTH"), size.err());
    Run noise = run("world", "generate", "--episodes", "1", "--action-noise", "-0.01", "--out", out.toString());
    assertEquals(1, noise.code());
    assertTrue(noise.err().contains("--action-noise") && noise.err().contains("-0.01"), noise.err());
    Run large = run("world", "generate", "--episodes", "1", "--action-noise", "0.05", "--out", out.toString());
    assertEquals(1, large.code());
    assertTrue(large.err().contains("--action-noise") && large.err().contains("[0, 0.035)"), large.err());
    Run help = run("world", "generate", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--action-noise=STD") && help.out().contains("DART"), help.out());
    Path file = tmp.resolve("a-file");
    Files.writeString(file, "x");
    Run unwritable = run("world", "generate", "--episodes", "1", "--no-progress", "--out", file.resolve("ds").toString());
    assertEquals(1, unwritable.code());
    assertTrue(unwritable.err().contains("error:") && unwritable.err().contains("a-file"), unwritable.err());
    assertTrue(!Files.exists(out), "nothing written on bad input");
  }
}
