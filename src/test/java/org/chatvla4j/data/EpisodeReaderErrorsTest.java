package org.chatvla4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken episode files: each error must name the file, the dataset and the problem. */
class EpisodeReaderErrorsTest {
  @TempDir Path dir;

  /** Writes a valid 3-step episode, letting {@code change} replace or drop parts of it. */
  private Path episode(String name, Consumer<Parts> change) {
    Parts p = new Parts();
    change.accept(p);
    Path file = dir.resolve(name);
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      if (p.action != null) {
        hdf.putDataset("action", p.action);
      }
      WritableGroup obs = hdf.putGroup("observations");
      if (p.qpos != null) {
        obs.putDataset("qpos", p.qpos);
      }
      WritableGroup images = obs.putGroup("images");
      if (p.frames != null) {
        images.putDataset(
            "top",
            p.frames,
            p.frames instanceof float[][][][] ? DatasetCreationOptions.DEFAULT : DatasetCreationOptions.builder().unsigned().build());
      }
      if (p.language != null) {
        hdf.putDataset("language_raw", p.language);
      }
      if (p.reasonings != null) {
        hdf.putDataset("substep_reasonings", p.reasonings);
      }
    }
    return file;
  }

  /** The parts of a test episode; null drops one. */
  static final class Parts {
    Object action = new float[][] {{0, 1}, {2, 3}, {4, 5}};
    Object qpos = new float[][] {{0}, {1}, {2}};
    Object frames = new byte[3][2][2][3];
    Object language = new String[] {"push"};
    Object reasonings = new String[] {"a", "b", "c"};
  }

  private EpisodeFormatException fails(Path file) {
    return assertThrows(EpisodeFormatException.class, () -> EpisodeFile.open(file).close());
  }

  private static void assertNames(EpisodeFormatException e, Path file, String dataset, String problemStart) {
    assertEquals(file, e.file());
    assertEquals(dataset, e.datasetPath());
    assertTrue(e.problem().startsWith(problemStart), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ": " + dataset + ": "), e.getMessage());
  }

  @Test
  void validBaseFileOpens() {
    try (EpisodeFile e = EpisodeFile.open(episode("ok.hdf5", p -> {}))) {
      assertEquals(3, e.length());
      assertEquals(4f, e.actions()[2][0]);
      assertEquals(0, e.frame("top", 2).get(1, 1, 2));
    }
  }

  @Test
  void instructionStoredPerStepOrAsAScalarIsRead() {
    Path perStep = episode("per_step.hdf5", p -> p.language = new String[] {"push", "push", "push"});
    try (EpisodeFile e = EpisodeFile.open(perStep)) {
      assertEquals("push", e.instruction());
    }
    Path scalar = episode("scalar.hdf5", p -> p.language = "slide left");
    try (EpisodeFile e = EpisodeFile.open(scalar)) {
      assertEquals("slide left", e.instruction());
      assertEquals(java.util.List.of("a", "b", "c"), e.substepReasonings());
      assertEquals(false, e.simulated());
    }
  }

  @Test
  void missingAction() {
    Path f = episode("no_action.hdf5", p -> p.action = null);
    assertNames(fails(f), f, "/action", "missing");
  }

  @Test
  void actionOfWrongRank() {
    Path f = episode("rank1.hdf5", p -> p.action = new float[] {0, 1, 2});
    assertNames(fails(f), f, "/action", "has rank 1 (shape [3]); expected (T, dim)");
  }

  @Test
  void qposShorterThanAction() {
    Path f = episode("short_qpos.hdf5", p -> p.qpos = new float[][] {{0}, {1}});
    assertNames(fails(f), f, "/observations/qpos", "has 2 rows but /action has 3");
  }

  @Test
  void nonFiniteAction() {
    Path f = episode("nan.hdf5", p -> p.action = new float[][] {{0, 1}, {2, Float.POSITIVE_INFINITY}, {4, 5}});
    assertNames(fails(f), f, "/action", "value [1][1] is Infinity");
  }

  @Test
  void cameraWithTooFewFrames() {
    Path f = episode("frames.hdf5", p -> p.frames = new byte[2][2][2][3]);
    assertNames(fails(f), f, "/observations/images/top", "has 2 frames but /action has 3 rows");
  }

  @Test
  void cameraOfWrongShape() {
    Path f = episode("gray.hdf5", p -> p.frames = new byte[3][2][2]);
    assertNames(fails(f), f, "/observations/images/top", "has shape [3, 2, 2]; expected (T, H, W, 3)");
  }

  @Test
  void cameraOfWrongType() {
    Path f = episode("float_frames.hdf5", p -> p.frames = new float[3][2][2][3]);
    assertNames(fails(f), f, "/observations/images/top", "has element type FloatingPoint of 4 bytes");
  }

  @Test
  void noCameras() {
    Path f = episode("no_camera.hdf5", p -> p.frames = null);
    assertNames(fails(f), f, "/observations/images", "has no camera datasets");
  }

  @Test
  void missingInstruction() {
    Path f = episode("no_language.hdf5", p -> p.language = null);
    assertNames(fails(f), f, "/language_raw", "missing");
  }

  @Test
  void numericInstruction() {
    Path f = episode("int_language.hdf5", p -> p.language = new int[] {1});
    assertNames(fails(f), f, "/language_raw", "has type FixedPoint; expected strings");
  }

  @Test
  void reasoningsOfWrongLength() {
    Path f = episode("reasons.hdf5", p -> p.reasonings = new String[] {"a", "b"});
    assertNames(fails(f), f, "/substep_reasonings", "has 2 entries but /action has 3 rows");
  }

  @Test
  void undecodableEncodedFrame() {
    Path f = episode("bad_jpeg.hdf5", p -> p.frames = new byte[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
    try (EpisodeFile e = EpisodeFile.open(f)) {
      EpisodeFormatException x = assertThrows(EpisodeFormatException.class, () -> e.frame("top", 1));
      assertNames(x, f, "/observations/images/top", "frame 1: the bytes are not an image format ImageIO knows (3 bytes starting 04 05 06)");
    }
  }

  @Test
  void notAnHdf5File() throws Exception {
    Path f = dir.resolve("text.hdf5");
    Files.writeString(f, "this is not HDF5");
    assertNames(fails(f), f, "/", "not a readable HDF5 file");
  }

  @Test
  void absentFile() {
    Path f = dir.resolve("absent.hdf5");
    assertNames(fails(f), f, "/", "no such file");
  }

  @Test
  void unknownCameraAndFrameOutOfRange() {
    try (EpisodeFile e = EpisodeFile.open(episode("ok.hdf5", p -> {}))) {
      IllegalArgumentException cam = assertThrows(IllegalArgumentException.class, () -> e.frame("wrist", 0));
      assertTrue(cam.getMessage().endsWith("has no camera 'wrist' under /observations/images; it has [top]"), cam.getMessage());
      IndexOutOfBoundsException t = assertThrows(IndexOutOfBoundsException.class, () -> e.frame("top", 3));
      assertTrue(t.getMessage().startsWith("frame 3 of camera 'top' in "), t.getMessage());
    }
  }
}
