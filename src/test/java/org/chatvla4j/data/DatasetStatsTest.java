package org.chatvla4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.chatvla4j.image.ImageSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetStatsTest {
  static final float[][] STATES = {{1, 5}, {3, 5}, {5, 5}}; // dim 0: mean 3, std √(8/3); dim 1: constant
  static final float[][] ACTIONS = {{-0.02f, 0.1f}, {0.04f, 0.3f}};

  @Test
  void closedFormStatistics() {
    DatasetStats s = DatasetStats.compute(STATES, ACTIONS);
    assertEquals(3f, s.stateMean()[0], 1e-6);
    assertEquals((float) Math.sqrt(8.0 / 3), s.stateStd()[0], 1e-6);
    assertEquals(5f, s.stateMean()[1], 1e-6);
    assertEquals(DatasetStats.MIN_STD, s.stateStd()[1], 0, "a constant dimension's std is clipped at 1e-2");
    assertEquals(-0.02f - 1e-4f, s.actionMin()[0], 1e-7);
    assertEquals(0.3f + 1e-4f, s.actionMax()[1], 1e-7);
  }

  @Test
  void actionNormalisationRoundTripsAndStaysInside() {
    DatasetStats s = DatasetStats.compute(STATES, ACTIONS);
    for (float[] a : ACTIONS) {
      float[] n = s.normalizeAction(a);
      for (float v : n) {
        assertTrue(v > -1 && v < 1, "margins keep the extremes strictly inside: " + v);
      }
      float[] back = s.unnormalizeAction(n);
      assertEquals(a[0], back[0], 1e-6);
      assertEquals(a[1], back[1], 1e-6);
    }
    assertEquals(-1 + 2 * 1e-4 / (0.06 + 2e-4), s.normalizeAction(ACTIONS[0])[0], 1e-5);
    float[] z = s.normalizeState(new float[] {3, 5});
    assertArrayEquals(new float[] {0, 0}, z, 1e-6f);
  }

  @Test
  void jsonRoundTripAndErrors(@TempDir Path dir) throws IOException {
    DatasetStats s = DatasetStats.compute(STATES, ACTIONS);
    Path f = dir.resolve("dataset_stats.json");
    s.write(f);
    DatasetStats back = DatasetStats.read(f);
    assertArrayEquals(s.stateStd(), back.stateStd());
    assertArrayEquals(s.actionMax(), back.actionMax());
    Files.writeString(f, "{\"state\": {\"mean\": [0], \"std\": [1]}, \"action\": {\"min\": [1]}}");
    var e = assertThrows(IOException.class, () -> DatasetStats.read(f));
    assertTrue(e.getMessage().contains("missing array 'action.max'") && e.getMessage().contains(f.toString()), e.getMessage());
    assertEquals(Map.of(), back.cameraSizes(), "statistics without camera_frames (older checkpoints) read as none");
    assertEquals(Optional.empty(), back.blockSet(), "statistics without block_set (older checkpoints, robots) read as none");
    var e2 = assertThrows(IllegalArgumentException.class, () -> s.normalizeAction(new float[3]));
    assertEquals("action has 3 values but the dataset statistics have 2", e2.getMessage());
  }

  @Test
  void cameraFrameSizesRoundTripAndBadOnesNameTheField(@TempDir Path dir) throws IOException {
    DatasetStats s = DatasetStats.compute(STATES, ACTIONS)
        .withCameraSizes(Map.of("wrist", new ImageSize(56, 56), "top", new ImageSize(90, 160)));
    Path f = dir.resolve("dataset_stats.json");
    s.write(f);
    DatasetStats back = DatasetStats.read(f);
    assertEquals(s.cameraSizes(), back.cameraSizes());
    assertEquals(Optional.of(new ImageSize(90, 160)), back.firstCameraSize(), "cameras are kept sorted by name: top before wrist");
    Files.writeString(f, Files.readString(f).replace("\"height\" : 90", "\"height\" : \"ninety\""));
    var e = assertThrows(IOException.class, () -> DatasetStats.read(f));
    assertTrue(e.getMessage().contains("camera_frames.top") && e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void theBlockSetRoundTripsIsLeftOutWhenUnknownAndABadOneNamesTheField(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("dataset_stats.json");
    DatasetStats s = DatasetStats.compute(STATES, ACTIONS).withCameraSizes(Map.of("top", new ImageSize(90, 160)))
        .withBlockSet(Optional.of("BLOCK_8"));
    s.write(f);
    assertTrue(Files.readString(f).contains("\"block_set\" : \"BLOCK_8\""), Files.readString(f));
    DatasetStats back = DatasetStats.read(f);
    assertEquals(Optional.of("BLOCK_8"), back.blockSet());
    assertEquals(s.cameraSizes(), back.cameraSizes(), "the camera sizes survive beside it");
    assertEquals(Optional.of("BLOCK_8"), back.withCameraSizes(Map.of()).blockSet(), "withCameraSizes keeps the block set");

    s.withBlockSet(Optional.empty()).write(f);
    assertFalse(Files.readString(f).contains("block_set"), "no field when unknown: " + Files.readString(f));
    assertEquals(Optional.empty(), DatasetStats.read(f).blockSet());

    Files.writeString(f, Files.readString(f).replaceFirst("\\{", "{\"block_set\": 8,"));
    var e = assertThrows(IOException.class, () -> DatasetStats.read(f));
    assertTrue(e.getMessage().contains("'block_set'") && e.getMessage().contains(f.toString()), e.getMessage());
    var blank = assertThrows(IllegalArgumentException.class, () -> s.withBlockSet(Optional.of(" ")));
    assertTrue(blank.getMessage().contains("block_set"), blank.getMessage());
  }
}
