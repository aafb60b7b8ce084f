package org.chatvla4j.data;

import org.chatvla4j.image.RgbImage;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.FixedPoint;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One camera's dataset in an open episode file, read a frame at a time: raw {@code (T, H, W, 3)} uint8 frames, or
 * {@code (T, L)} uint8 rows each holding one PNG/JPEG image padded with zeros (ACT's compressed layout).
 */
final class CameraFrames {
  /** How the frames are stored; decided by the dataset's rank, which cannot be ambiguous. */
  enum Storage {
    RAW,
    ENCODED
  }

  private final Path file;
  private final String name;
  private final Dataset dataset;
  private final Storage storage;
  private final int frames;
  private final int[] frameShape;
  /** The dataset when each of its chunks is exactly one frame (EpisodeWriter's and h5py-per-frame layouts); else null. */
  private final ChunkedDataset framePerChunk;

  private CameraFrames(Path file, String name, Dataset dataset, Storage storage, int[] dims) {
    this.file = file;
    this.name = name;
    this.dataset = dataset;
    this.storage = storage;
    this.frames = dims[0];
    this.frameShape = dims.clone();
    this.frameShape[0] = 1;
    this.framePerChunk = dataset instanceof ChunkedDataset c && Arrays.equals(c.getChunkDimensions(), frameShape) ? c : null;
  }

  /** Checks a camera dataset's shape and type against the episode length {@code steps}. */
  static CameraFrames of(Path file, String name, Dataset ds, int steps) {
    String path = EpisodeLayout.camera(name);
    int[] dims = ds.getDimensions();
    Storage storage;
    if (dims.length == 4 && dims[3] == 3) {
      storage = Storage.RAW;
    } else if (dims.length == 2) {
      storage = Storage.ENCODED;
    } else {
      throw new EpisodeFormatException(
          file, path, "has shape " + Arrays.toString(dims) + "; expected (T, H, W, 3) RGB frames or (T, L) rows of"
              + " encoded PNG/JPEG bytes");
    }
    // Signed 8-bit frames (older jhdf, some converters) carry the same bits; reading the bytes recovers the pixels.
    if (!(ds.getDataType() instanceof FixedPoint fp) || fp.getSize() != 1) {
      throw new EpisodeFormatException(
          file, path, "has element type " + ds.getDataType().getClass().getSimpleName() + " of "
              + ds.getDataType().getSize() + " bytes; camera frames must be uint8");
    }
    if (dims[0] != steps) {
      throw new EpisodeFormatException(
          file, path, "has " + dims[0] + " frames but " + EpisodeLayout.ACTION + " has " + steps
              + " rows; every camera needs one frame per step");
    }
    if (!(ds instanceof DatasetBase)) {
      throw new EpisodeFormatException(file, path, "is not backed by file storage that can be sliced");
    }
    return new CameraFrames(file, name, ds, storage, dims);
  }

  String name() {
    return name;
  }

  Storage storage() {
    return storage;
  }

  /** Reads frame {@code t} alone: only its chunk(s) are read and inflated. */
  RgbImage frame(int t) {
    if (t < 0 || t >= frames) {
      throw new IndexOutOfBoundsException(
          "frame " + t + " of camera '" + name + "' in " + file + " is out of range 0.." + (frames - 1));
    }
    byte[] bytes = framePerChunk != null ? chunk(t) : slice(t);
    if (storage == Storage.RAW) {
      return new RgbImage(frameShape[1], frameShape[2], bytes);
    }
    try {
      return RgbImage.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw new EpisodeFormatException(file, EpisodeLayout.camera(name), "frame " + t + ": " + e.getMessage(), e);
    }
  }

  /**
   * Frame {@code t} when it is one whole chunk: the inflated chunk is the frame's bytes. Four times faster than the
   * general slice (measured 0.54 vs 2.3 ms for a 180×320 frame), which copies element by element out of the chunk.
   */
  private byte[] chunk(int t) {
    int[] offset = new int[frameShape.length];
    offset[0] = t;
    byte[] bytes;
    try {
      bytes = framePerChunk.getDecompressedChunk(offset);
    } catch (HdfException e) {
      return slice(t); // a chunk that was never written has no bytes to inflate; the slice fills in the fill value
    }
    int expected = 1;
    for (int d : frameShape) {
      expected *= d;
    }
    if (bytes.length != expected) {
      throw new EpisodeFormatException(
          file, EpisodeLayout.camera(name), "frame " + t + "'s chunk inflates to " + bytes.length + " bytes, expected " + expected);
    }
    return bytes;
  }

  /** Frame {@code t} read as a slice: any chunking, contiguous storage, or chunks never written (fill value). */
  private byte[] slice(int t) {
    long[] offset = new long[frameShape.length];
    offset[0] = t;
    // getSliceDataBuffer hands back the raw bytes; Dataset.getData would widen every uint8 to an int (4x memory).
    ByteBuffer raw = ((DatasetBase) dataset).getSliceDataBuffer(offset, frameShape);
    byte[] bytes = new byte[raw.remaining()];
    raw.get(bytes);
    return bytes;
  }
}
