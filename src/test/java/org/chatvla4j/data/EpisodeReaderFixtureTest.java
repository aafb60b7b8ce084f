package org.chatvla4j.data;

import org.chatvla4j.image.RgbImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads episodes written by h5py/libhdf5 (generator: src/test/resources/org/chatvla4j/data/fixtures/make_fixtures.py),
 * the variants users' DexVLA/ACT data comes in.
 */
class EpisodeReaderFixtureTest {
  static final int MAX_JPEG_DECODER_DIFFERENCE = 0;

  /** The generator's pixel formula. */
  static int pixel(int t, int y, int x, int c, int cameraOffset) {
    return Math.floorMod(37 * t + 11 * y + 5 * x + 83 * c + 100 + cameraOffset, 256);
  }

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(EpisodeReaderFixtureTest.class.getResource("fixtures/" + name).toURI());
  }

  @Test
  void encodedFramesDecodeWithPngExactAndJpegClose() throws Exception {
    int[][][][] pilJpeg;
    try (HdfFile ref = new HdfFile(fixture("encoded_frames_reference.hdf5"))) {
      pilJpeg = (int[][][][]) ref.getDatasetByPath("wrist_decoded_by_pil").getData();
    }
    try (EpisodeFile e = EpisodeFile.open(fixture("encoded_frames_episode.hdf5"))) {
      assertEquals(3, e.length());
      assertTrue(e.compressed());
      assertFalse(e.simulated());
      assertEquals(List.of("top", "wrist"), e.cameraNames());
      // Fixed-length bytes that h5py labels ASCII but that hold UTF-8.
      assertEquals("push the red moon to the top left corner, café", e.instruction());
      assertEquals(Collections.nCopies(3, "Move behind the red moon."), e.substepReasonings());
      // float64 in the file: t*2+j over 8.
      assertEquals(0.625f, e.actions()[2][1]);
      assertEquals(-1f + 11 / 4f, e.qpos()[2][3]);
      assertTrue(e.qvel().isEmpty());

      for (int t = 0; t < 3; t++) {
        RgbImage png = e.frame("top", t);
        assertEquals(6, png.height());
        assertEquals(8, png.width());
        for (int y = 0; y < 6; y++) {
          for (int x = 0; x < 8; x++) {
            for (int c = 0; c < 3; c++) {
              assertEquals(pixel(t, y, x, c, 0), png.get(y, x, c), "PNG t" + t + " y" + y + " x" + x + " c" + c);
            }
          }
        }
        RgbImage jpeg = e.frame("wrist", t);
        int maxDiff = 0;
        for (int y = 0; y < 6; y++) {
          for (int x = 0; x < 8; x++) {
            for (int c = 0; c < 3; c++) {
              maxDiff = Math.max(maxDiff, Math.abs(pilJpeg[t][y][x][c] - jpeg.get(y, x, c)));
            }
          }
        }
        // Measured: the JDK's ImageIO decodes these JPEGs to exactly PIL's (libjpeg) pixels, chroma upsampling included.
        assertTrue(maxDiff <= MAX_JPEG_DECODER_DIFFERENCE, "JPEG frame " + t + " differs from PIL's decoding by " + maxDiff);
      }
      EpisodeFormatException noQvel = assertThrows(EpisodeFormatException.class, e::toEpisode);
      assertEquals(EpisodeLayout.QVEL, noQvel.datasetPath());
    }
  }

  @Test
  void rawFramesReadFromContiguousAndOddlyChunkedDatasets() throws Exception {
    Path file = fixture("raw_frames_episode.hdf5");
    Episode episode = EpisodeFile.read(file);
    assertEquals(4, episode.length());
    assertTrue(episode.simulated());
    assertEquals("slide the blue cube next to the green star", episode.instruction());
    assertEquals(
        List.of("Move behind the blue cube.", "Push the blue cube.", "Push the blue cube.", "Done."),
        episode.substepReasonings());
    assertEquals(List.of("front", "side"), List.copyOf(episode.cameras().keySet()));
    assertEquals((7 - 3.5f) / 16f, episode.actions()[3][1]);
    assertEquals(15 / 32f, episode.qpos()[3][3]);
    assertEquals(-15 / 64f, episode.qvel()[3][3]);
    for (int t = 0; t < 4; t++) {
      RgbImage front = episode.cameras().get("front").get(t);
      RgbImage side = episode.cameras().get("side").get(t);
      for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 8; x++) {
          for (int c = 0; c < 3; c++) {
            assertEquals(pixel(t, y, x, c, 0), front.get(y, x, c));
            assertEquals(pixel(t, y, x, c, 128), side.get(y, x, c));
          }
        }
      }
    }
  }
}
