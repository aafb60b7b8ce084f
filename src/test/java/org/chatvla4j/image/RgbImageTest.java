package org.chatvla4j.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class RgbImageTest {
  @Test
  void pngRoundTripIsExactAndDeterministic() {
    byte[] px = new byte[3 * 7 * 5];
    new SplittableRandom(11).nextBytes(px);
    RgbImage image = new RgbImage(7, 5, px);
    byte[] png = image.encodePng();
    assertEquals(image, RgbImage.decode(png));
    assertArrayEquals(png, new RgbImage(7, 5, px.clone()).encodePng());
    assertEquals(px[3 * (2 * 5 + 4) + 1] & 0xFF, image.get(2, 4, 1));
  }

  @Test
  void grayAndPalettePngsKeepTheirValues() throws Exception {
    BufferedImage gray = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < 6; i++) {
      gray.getRaster().setSample(i % 3, i / 3, 0, 40 * i + 7);
    }
    RgbImage g = RgbImage.decode(png(gray));
    for (int i = 0; i < 6; i++) {
      for (int c = 0; c < 3; c++) {
        // getRGB would map these through a linear-to-sRGB curve (e.g. 47 -> 119); raw samples keep them.
        assertEquals(40 * i + 7, g.get(i / 3, i % 3, c), "gray pixel " + i);
      }
    }
    byte[] r = {(byte) 250, 0, 10};
    byte[] gr = {5, (byte) 200, 20};
    byte[] b = {9, 1, (byte) 130};
    BufferedImage palette = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 3, r, gr, b));
    palette.getRaster().setSample(0, 0, 0, 2);
    palette.getRaster().setSample(1, 0, 0, 1);
    RgbImage p = RgbImage.decode(png(palette));
    assertArrayEquals(new byte[] {10, 20, (byte) 130, 0, (byte) 200, 1}, p.rgb());
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 2, new byte[11]));
    assertEquals("RGB buffer for 2×2 must hold 12 bytes, got 11", size.getMessage());
    IllegalArgumentException junk =
        assertThrows(IllegalArgumentException.class, () -> RgbImage.decode(new byte[] {0x12, 0x34, 0, 0}));
    assertEquals("the bytes are not an image format ImageIO knows (4 bytes starting 12 34 00 00)", junk.getMessage());
  }

  private static byte[] png(BufferedImage image) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
