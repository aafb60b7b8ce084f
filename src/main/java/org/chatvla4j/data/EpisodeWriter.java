package org.chatvla4j.data;

import org.chatvla4j.io.AtomicFiles;
import org.chatvla4j.image.RgbImage;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link Episode} as one HDF5 file in the DexVLA/ACT layout ({@link EpisodeLayout}) with jhdf. Images are
 * unsigned 8-bit (h5py and h5dump read them as uint8), one deflated chunk per frame so readers decode one frame at a
 * time. The file appears under its name only once complete.
 */
public final class EpisodeWriter {
  private EpisodeWriter() {}

  /** Writes {@code episode} to {@code file} atomically (temporary file beside it, then rename). */
  public static void write(Episode episode, Path file) {
    AtomicFiles.write(file, temp -> writeTo(episode, temp));
  }

  private static void writeTo(Episode episode, Path file) {
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      // int8 0/1 rather than jhdf's bitfield booleans: every h5py reads int8, and DexVLA treats a failed read of
      // 'sim' as "not simulated", which would silently shift the actions by one step.
      hdf.putAttribute(EpisodeLayout.SIM_ATTRIBUTE, (byte) (episode.simulated() ? 1 : 0));
      hdf.putAttribute(EpisodeLayout.COMPRESS_ATTRIBUTE, (byte) 0);
      for (Map.Entry<String, String> a : episode.attributes().entrySet()) {
        hdf.putAttribute(a.getKey(), a.getValue());
      }
      hdf.putDataset(name(EpisodeLayout.ACTION), episode.actions());
      WritableGroup observations = hdf.putGroup(name(EpisodeLayout.OBSERVATIONS));
      observations.putDataset(name(EpisodeLayout.QPOS), episode.qpos());
      observations.putDataset(name(EpisodeLayout.QVEL), episode.qvel());
      WritableGroup images = observations.putGroup(name(EpisodeLayout.IMAGES));
      for (Map.Entry<String, List<RgbImage>> camera : episode.cameras().entrySet()) {
        writeCamera(images, camera.getKey(), camera.getValue());
      }
      // DexVLA reads the instruction as language_raw[0] and the reasoning as substep_reasonings[t], decoding bytes as
      // UTF-8: jhdf's fixed-length UTF-8 strings read back exactly that way.
      hdf.putDataset(name(EpisodeLayout.LANGUAGE_RAW), new String[] {episode.instruction()});
      if (!episode.substepReasonings().isEmpty()) {
        hdf.putDataset(name(EpisodeLayout.SUBSTEP_REASONINGS), episode.substepReasonings().toArray(String[]::new));
      }
    }
  }

  private static void writeCamera(WritableGroup images, String name, List<RgbImage> frames) {
    int h = frames.getFirst().height();
    int w = frames.getFirst().width();
    if ((long) frames.size() * h * w * 3 > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException(
          "camera '" + name + "' holds " + frames.size() + " frames of " + h + "x" + w + " = "
              + (long) frames.size() * h * w * 3 + " bytes; jhdf writes a dataset from one array of at most 2 GiB,"
              + " so split the episode or lower the resolution");
    }
    // jhdf takes the data as a nested Java array whose shape becomes the dataset's shape.
    byte[][][][] data = new byte[frames.size()][h][w][3];
    for (int t = 0; t < frames.size(); t++) {
      byte[] px = frames.get(t).rgb();
      byte[][][] frame = data[t];
      int i = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++, i += 3) {
          byte[] p = frame[y][x];
          p[0] = px[i];
          p[1] = px[i + 1];
          p[2] = px[i + 2];
        }
      }
    }
    DatasetCreationOptions options =
        DatasetCreationOptions.builder()
            .unsigned()
            .chunkDimensions(1, h, w, 3)
            .deflate(EpisodeLayout.IMAGE_DEFLATE_LEVEL)
            .build();
    images.putDataset(name, data, options);
  }

  /** The last component of a layout path: jhdf's put methods take link names relative to the group. */
  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
