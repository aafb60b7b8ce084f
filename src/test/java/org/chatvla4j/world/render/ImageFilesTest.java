package org.chatvla4j.world.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  @TempDir Path dir;

  @Test
  void pngRoundTripsExactlyAndLeavesNoTemporaryFile() throws IOException {
    RgbFrame frame = SceneRenderer.languageTable(ImageSize.languageTable()).render(TestScenes.block8(new SplittableRandom(5)));
    Path file = dir.resolve("sub/frame.png");
    PngFiles.write(frame, file);
    PngFiles.write(frame, file); // overwrite in place
    assertTrue(PngFiles.read(file).samePixels(frame));
    assertEquals(List.of(file), listFiles(file.getParent()));
  }

  /** The own PNG encoder decodes (through ImageIO) to the same pixels at odd sizes and in both views. */
  @Test
  void pngEncoderRoundTripsAnySize() throws IOException {
    SceneState s = TestScenes.block8(new SplittableRandom(6));
    List<RgbFrame> frames = List.of(
        SceneRenderer.languageTable(new ImageSize(1, 1)).render(s),
        SceneRenderer.languageTable(new ImageSize(7, 13)).render(s),
        SceneRenderer.topDown(new ImageSize(180, 320)).render(s),
        SceneRenderer.languageTable(new ImageSize(360, 640)).render(s));
    for (RgbFrame f : frames) {
      Path file = dir.resolve("f" + f.height() + "x" + f.width() + ".png");
      PngFiles.write(f, file);
      assertTrue(PngFiles.read(file).samePixels(f), f.size().toString());
      byte[] bytes = Files.readAllBytes(file);
      assertEquals(0x89, bytes[0] & 0xFF);
      assertEquals("PNG", new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    }
  }

  /** Ten frames of a block sliding right, at 10 Hz: 10 images, 10/100 s each, looping, decoding to the same pixels. */
  @Test
  void gifHoldsEveryFrameAtTenHertz() throws IOException {
    SceneRenderer renderer = SceneRenderer.languageTable(ImageSize.languageTable());
    SceneState start = TestScenes.block8(new SplittableRandom(9));
    List<RgbFrame> frames = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      List<BlockPose> poses = new ArrayList<>(start.blocks());
      BlockPose b = poses.get(0);
      poses.set(0, new BlockPose(b.id(), b.x(), b.y() + 0.01 * t, b.yaw()));
      frames.add(renderer.render(new SceneState(poses, start.effectorX(), start.effectorY(), 0, 0)));
    }
    Path gif = dir.resolve("episode.gif");
    GifAnimationWriter.write(gif, frames, GifAnimationWriter.LANGUAGE_TABLE_FPS);
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
      reader.setInput(in);
      assertEquals(10, reader.getNumImages(true));
      for (int i = 0; i < 10; i++) {
        IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i).getAsTree("javax_imageio_gif_image_1.0");
        IIOMetadataNode control = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0);
        assertEquals("10", control.getAttribute("delayTime"));
        assertTrue(RgbFrame.fromBufferedImage(reader.read(i)).samePixels(frames.get(i)), "frame " + i);
      }
      IIOMetadataNode first = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
      assertEquals(1, first.getElementsByTagName("ApplicationExtension").getLength(), "NETSCAPE2.0 loop block");
      reader.dispose();
    }
    byte[] once = Files.readAllBytes(gif);
    GifAnimationWriter.write(gif, frames, GifAnimationWriter.LANGUAGE_TABLE_FPS);
    assertArrayEquals(once, Files.readAllBytes(gif));
    assertEquals(List.of(gif), listFiles(dir));
  }

  @Test
  void gifWriterMovesTheFileInPlaceOnlyOnClose() throws IOException {
    Path gif = dir.resolve("stream.gif");
    RgbFrame frame = SceneRenderer.topDown(new ImageSize(45, 80)).render(TestScenes.block8(new SplittableRandom(2)));
    try (GifAnimationWriter writer = GifAnimationWriter.open(gif, 10)) {
      writer.append(frame);
      writer.append(frame);
      assertEquals(10, writer.delayCentiseconds());
      assertEquals(2, writer.frameCount());
      assertFalse(Files.exists(gif));
    }
    assertTrue(Files.exists(gif));
  }

  @Test
  void manyColorsAreQuantisedToFitAPalette() {
    RgbFrame noisy = new RgbFrame(new ImageSize(32, 32));
    int[] px = noisy.pixels();
    for (int i = 0; i < px.length; i++) {
      px[i] = (i * 2654435761L % 0xFFFFFF) > 0 ? (int) (i * 2654435761L % 0xFFFFFF) : 1;
    }
    var indexed = GifAnimationWriter.toIndexed(noisy);
    var model = (java.awt.image.IndexColorModel) indexed.getColorModel();
    assertTrue(model.getMapSize() <= 256);
    assertTrue(model.getMapSize() > 16, "should keep as many colors as fit, got " + model.getMapSize());
  }

  @Test
  void rejectsBadAnimations() throws IOException {
    Path gif = dir.resolve("bad.gif");
    assertThrows(IllegalArgumentException.class, () -> GifAnimationWriter.write(gif, List.of(), 10));
    assertThrows(IllegalArgumentException.class, () -> GifAnimationWriter.open(gif, 0));
    assertThrows(IllegalArgumentException.class, () -> GifAnimationWriter.open(gif, Double.NaN));
    try (GifAnimationWriter writer = GifAnimationWriter.open(gif, 10)) {
      writer.append(new RgbFrame(new ImageSize(10, 10)));
      assertThrows(IllegalArgumentException.class, () -> writer.append(new RgbFrame(new ImageSize(10, 12))));
    }
    assertFalse(Files.exists(gif), "a failed animation is not moved into place");
    assertEquals(List.of(), listFiles(dir));
  }

  private static List<Path> listFiles(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.toList();
    }
  }
}
