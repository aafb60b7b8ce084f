package org.chatvla4j.world.render;

import org.chatvla4j.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Streams frames into a looping animated GIF (ImageIO), e.g. an episode at Language-Table's 10 Hz. Each frame gets its
 * own exact palette when it has at most 256 colors (rendered frames usually do), so those frames decode to the same
 * pixels; otherwise colors are quantised by dropping low bits until they fit, deterministically. The file appears at
 * its path only when {@link #close} succeeds (temporary sibling + rename).
 */
public final class GifAnimationWriter implements AutoCloseable {
  /** Language-Table's control rate and the fps of its eval videos. */
  public static final double LANGUAGE_TABLE_FPS = 10.0;

  private static final String GIF_IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

  private final Path target;
  private final Path temp;
  private final ImageWriter writer;
  private final ImageOutputStream stream;
  private final int delayCentiseconds;
  private ImageSize frameSize;
  private int frames;
  private boolean failed;
  private boolean closed;

  private GifAnimationWriter(Path target, double framesPerSecond) throws IOException {
    this.target = Objects.requireNonNull(target, "target");
    this.delayCentiseconds = delayFor(framesPerSecond);
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JDK has no ImageIO GIF writer");
    }
    this.writer = writers.next();
    this.temp = AtomicFiles.createTempSibling(target);
    this.stream = ImageIO.createImageOutputStream(temp.toFile());
    writer.setOutput(stream);
    writer.prepareWriteSequence(null);
  }

  /** Opens a writer; frames are shown {@code 1/framesPerSecond} s each (GIF stores hundredths, rounded). */
  public static GifAnimationWriter open(Path target, double framesPerSecond) throws IOException {
    return new GifAnimationWriter(target, framesPerSecond);
  }

  /** Writes all frames at once. */
  public static void write(Path target, List<RgbFrame> frames, double framesPerSecond) throws IOException {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("an animation needs at least one frame, got none for " + target);
    }
    try (GifAnimationWriter gif = open(target, framesPerSecond)) {
      for (RgbFrame f : frames) {
        gif.append(f);
      }
    }
  }

  static int delayFor(double framesPerSecond) {
    if (!(framesPerSecond > 0) || framesPerSecond > 100 || !Double.isFinite(framesPerSecond)) {
      throw new IllegalArgumentException(
          "framesPerSecond must be in (0, 100] (GIF delays are in 1/100 s), got " + framesPerSecond);
    }
    return (int) Math.max(1, Math.round(100.0 / framesPerSecond));
  }

  /** The per-frame delay written to the file, in hundredths of a second (10 for 10 Hz). */
  public int delayCentiseconds() {
    return delayCentiseconds;
  }

  public int frameCount() {
    return frames;
  }

  /** Appends a frame; all frames must have the first frame's size, or the animation is abandoned at close. */
  public void append(RgbFrame frame) throws IOException {
    if (closed) {
      throw new IllegalStateException("GIF writer for " + target + " is closed");
    }
    if (frameSize == null) {
      frameSize = frame.size();
    } else if (!frameSize.equals(frame.size())) {
      failed = true;
      throw new IllegalArgumentException(
          "frame " + frames + " is " + frame.size() + " but the animation is " + frameSize);
    }
    try {
      BufferedImage indexed = toIndexed(frame);
      IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(indexed), null);
      IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(GIF_IMAGE_FORMAT);
      IIOMetadataNode control = child(root, "GraphicControlExtension");
      control.setAttribute("disposalMethod", "none");
      control.setAttribute("userInputFlag", "FALSE");
      control.setAttribute("transparentColorFlag", "FALSE");
      control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
      control.setAttribute("transparentColorIndex", "0");
      if (frames == 0) {
        IIOMetadataNode apps = child(root, "ApplicationExtensions");
        IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
        loop.setAttribute("applicationID", "NETSCAPE");
        loop.setAttribute("authenticationCode", "2.0");
        loop.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
        apps.appendChild(loop);
      }
      meta.setFromTree(GIF_IMAGE_FORMAT, root);
      writer.writeToSequence(new IIOImage(indexed, null, meta), null);
      frames++;
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /** Finishes the file and moves it into place; when a frame failed or none was written, removes it instead. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!failed && frames > 0) {
        writer.endWriteSequence();
      }
      stream.close();
    } finally {
      writer.dispose();
    }
    if (failed || frames == 0) {
      Files.deleteIfExists(temp);
      if (!failed) {
        throw new IllegalStateException("no frames were appended to " + target + "; nothing was written");
      }
      return;
    }
    AtomicFiles.commit(temp, target);
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }

  /** An 8-bit indexed copy: exact palette in first-seen order, or fewer bits per channel until ≤ 256 colors. */
  static BufferedImage toIndexed(RgbFrame frame) {
    int[] src = frame.pixels();
    for (int dropBits = 0; dropBits < 8; dropBits++) {
      int mask = (0xFF << dropBits) & 0xFF;
      int half = dropBits == 0 ? 0 : 1 << (dropBits - 1);
      Map<Integer, Integer> palette = new LinkedHashMap<>();
      boolean fits = true;
      for (int p : src) {
        int q = quantise(p, mask, half);
        if (!palette.containsKey(q)) {
          if (palette.size() == 256) {
            fits = false;
            break;
          }
          palette.put(q, palette.size());
        }
      }
      if (!fits) {
        continue;
      }
      int size = Math.max(2, palette.size());
      byte[] r = new byte[size], g = new byte[size], b = new byte[size];
      for (Map.Entry<Integer, Integer> e : palette.entrySet()) {
        int c = e.getKey();
        r[e.getValue()] = (byte) (c >>> 16);
        g[e.getValue()] = (byte) (c >>> 8);
        b[e.getValue()] = (byte) c;
      }
      int bits = 1;
      while ((1 << bits) < size) {
        bits++;
      }
      IndexColorModel model = new IndexColorModel(bits, size, r, g, b);
      BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_BYTE_INDEXED, model);
      byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < src.length; i++) {
        data[i] = (byte) (int) palette.get(quantise(src[i], mask, half));
      }
      return image;
    }
    throw new IllegalStateException("unreachable: 1 bit per channel always fits 256 colors");
  }

  private static int quantise(int rgb, int mask, int half) {
    int r = Math.min(255, ((rgb >>> 16) & 0xFF) + half) & mask;
    int g = Math.min(255, ((rgb >>> 8) & 0xFF) + half) & mask;
    int b = Math.min(255, (rgb & 0xFF) + half) & mask;
    return (r << 16) | (g << 8) | b;
  }
}
