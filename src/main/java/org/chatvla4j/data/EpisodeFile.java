package org.chatvla4j.data;

import org.chatvla4j.io.AtomicFiles;
import org.chatvla4j.image.RgbImage;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.TreeMap;

/**
 * An open DexVLA/ACT episode file: the small per-step arrays and texts are read and checked when it opens, camera
 * frames one at a time on request. Reads files written by {@link EpisodeWriter} and users' variants: float32 or float64
 * arrays, no {@code qvel}, raw or encoded (PNG/JPEG) frames, fixed or variable length strings, {@code
 * /substep_reasonings} or the older {@code /reasoning}.
 *
 * <p>Not thread-safe; open one per reading thread.
 */
public final class EpisodeFile implements AutoCloseable {
  private final Path file;
  private final HdfFile hdf;
  private final float[][] actions;
  private final float[][] qpos;
  private final float[][] qvel;
  private final String instruction;
  private final List<String> reasonings;
  private final boolean simulated;
  private final boolean compressed;
  private final Map<String, String> attributes;
  private final SequencedMap<String, CameraFrames> cameras;

  private EpisodeFile(Path file, HdfFile hdf) {
    this.file = file;
    this.hdf = hdf;
    this.actions =
        HdfValues.floatMatrix(
            file, EpisodeLayout.ACTION, require(EpisodeLayout.ACTION, "a DexVLA/ACT episode stores its actions there"));
    int steps = actions.length;
    this.qpos = rowsPerStep(EpisodeLayout.QPOS, require(EpisodeLayout.QPOS, "the robot state per step"), steps);
    this.qvel = find(EpisodeLayout.QVEL).map(ds -> rowsPerStep(EpisodeLayout.QVEL, ds, steps)).orElse(null);
    List<String> language =
        HdfValues.strings(file, EpisodeLayout.LANGUAGE_RAW, require(EpisodeLayout.LANGUAGE_RAW, "the instruction, as (1,) strings"));
    if (language.isEmpty()) {
      throw new EpisodeFormatException(file, EpisodeLayout.LANGUAGE_RAW, "is empty; it must hold the instruction");
    }
    this.instruction = language.getFirst();
    this.reasonings = readReasonings(steps);
    this.simulated = booleanAttribute(EpisodeLayout.SIM_ATTRIBUTE);
    this.compressed = booleanAttribute(EpisodeLayout.COMPRESS_ATTRIBUTE);
    this.attributes = readFreeAttributes();
    this.cameras = readCameras(steps);
  }

  /** Opens and checks {@code file}; throws {@link EpisodeFormatException} naming the dataset at fault. */
  public static EpisodeFile open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new EpisodeFormatException(file, "/", "no such file");
    }
    HdfFile hdf;
    try {
      hdf = new HdfFile(file);
    } catch (HdfException | IllegalArgumentException e) {
      throw new EpisodeFormatException(file, "/", "not a readable HDF5 file (" + AtomicFiles.describe(e) + ")", e);
    }
    try {
      return new EpisodeFile(file, hdf);
    } catch (RuntimeException e) {
      hdf.close();
      if (e instanceof EpisodeFormatException) {
        throw e;
      }
      throw new EpisodeFormatException(file, "/", "cannot be read (" + AtomicFiles.describe(e) + ")", e);
    }
  }

  /** Reads a whole episode into memory, every frame included. */
  public static Episode read(Path file) {
    try (EpisodeFile episode = open(file)) {
      return episode.toEpisode();
    }
  }

  public Path path() {
    return file;
  }

  /** Number of steps T. */
  public int length() {
    return actions.length;
  }

  /** {@code (T, action_dim)}; a fresh copy. */
  public float[][] actions() {
    return copy(actions);
  }

  /** {@code (T, state_dim)}; a fresh copy. */
  public float[][] qpos() {
    return copy(qpos);
  }

  /** {@code (T, d)} when the file has {@code /observations/qvel}. */
  public Optional<float[][]> qvel() {
    return Optional.ofNullable(qvel).map(EpisodeFile::copy);
  }

  public String instruction() {
    return instruction;
  }

  /** T sentences: {@code /substep_reasonings}, else {@code /reasoning[0]} repeated, else empty. */
  public List<String> substepReasonings() {
    return reasonings;
  }

  /** The {@code sim} attribute (false when absent, as DexVLA assumes for legacy files). */
  public boolean simulated() {
    return simulated;
  }

  /** The {@code compress} attribute: the file declares encoded frames. Frames are decoded either way. */
  public boolean compressed() {
    return compressed;
  }

  /** Root attributes other than the layout's own, as text. */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** Camera names in the order the file lists them (by name for files without link creation order). */
  public List<String> cameraNames() {
    return List.copyOf(cameras.keySet());
  }

  /** Frame {@code t} of {@code camera}, decoded to RGB if the file stores it encoded. */
  public RgbImage frame(String camera, int t) {
    CameraFrames frames = cameras.get(camera);
    if (frames == null) {
      throw new IllegalArgumentException(
          file + " has no camera '" + camera + "' under " + EpisodeLayout.IMAGES + "; it has " + cameras.keySet());
    }
    return frames.frame(t);
  }

  /** The whole episode in memory. Needs {@code qvel}, which {@link Episode} requires for DexVLA's statistics. */
  public Episode toEpisode() {
    if (qvel == null) {
      throw new EpisodeFormatException(
          file, EpisodeLayout.QVEL, "missing; an Episode needs it (DexVLA's get_norm_stats reads it), so read this file"
              + " step by step through EpisodeFile instead, or add qvel to it");
    }
    LinkedHashMap<String, List<RgbImage>> frames = new LinkedHashMap<>();
    for (CameraFrames camera : cameras.values()) {
      List<RgbImage> list = new ArrayList<>(length());
      for (int t = 0; t < length(); t++) {
        list.add(camera.frame(t));
      }
      frames.put(camera.name(), list);
    }
    return new Episode(instruction, copy(actions), copy(qpos), copy(qvel), frames, reasonings, simulated, attributes);
  }

  @Override
  public void close() {
    hdf.close();
  }

  private Optional<Dataset> find(String path) {
    Node node = hdf;
    for (String part : path.substring(1).split("/")) {
      if (!(node instanceof Group group) || !group.getChildren().containsKey(part)) {
        return Optional.empty();
      }
      node = group.getChild(part);
    }
    if (!(node instanceof Dataset ds)) {
      throw new EpisodeFormatException(file, path, "is a " + node.getType() + ", expected a dataset");
    }
    return Optional.of(ds);
  }

  private Dataset require(String path, String why) {
    return find(path).orElseThrow(() -> new EpisodeFormatException(file, path, "missing (" + why + ")"));
  }

  /** Reads a per-step matrix and checks it has one row per action. */
  private float[][] rowsPerStep(String path, Dataset ds, int steps) {
    float[][] m = HdfValues.floatMatrix(file, path, ds);
    if (m.length != steps) {
      throw new EpisodeFormatException(
          file, path, "has " + m.length + " rows but " + EpisodeLayout.ACTION + " has " + steps
              + "; every per-step dataset needs one row per step");
    }
    return m;
  }

  private List<String> readReasonings(int steps) {
    Optional<Dataset> perStep = find(EpisodeLayout.SUBSTEP_REASONINGS);
    if (perStep.isPresent()) {
      List<String> list = HdfValues.strings(file, EpisodeLayout.SUBSTEP_REASONINGS, perStep.get());
      if (list.size() != steps) {
        throw new EpisodeFormatException(
            file, EpisodeLayout.SUBSTEP_REASONINGS, "has " + list.size() + " entries but " + EpisodeLayout.ACTION
                + " has " + steps + " rows; it needs one sentence per step");
      }
      return list;
    }
    Optional<Dataset> whole = find(EpisodeLayout.REASONING);
    if (whole.isPresent()) {
      List<String> list = HdfValues.strings(file, EpisodeLayout.REASONING, whole.get());
      if (list.isEmpty()) {
        throw new EpisodeFormatException(file, EpisodeLayout.REASONING, "is empty; it must hold one sentence");
      }
      return Collections.nCopies(steps, list.getFirst());
    }
    return List.of();
  }

  private boolean booleanAttribute(String name) {
    Attribute a = hdf.getAttributes().get(name);
    return a != null && HdfValues.truthy(file, a);
  }

  private Map<String, String> readFreeAttributes() {
    TreeMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Attribute> a : hdf.getAttributes().entrySet()) {
      if (EpisodeLayout.RESERVED_ATTRIBUTES.contains(a.getKey())) {
        continue;
      }
      Object v = a.getValue().getData();
      if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        out.put(a.getKey(), v.toString());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private SequencedMap<String, CameraFrames> readCameras(int steps) {
    LinkedHashMap<String, CameraFrames> out = new LinkedHashMap<>();
    Node obs = hdf.getChildren().get(EpisodeLayout.OBSERVATIONS.substring(1));
    if (obs instanceof Group g && g.getChildren().get("images") instanceof Group group) {
      for (Map.Entry<String, Node> child : group.getChildren().entrySet()) {
        if (!(child.getValue() instanceof Dataset ds)) {
          throw new EpisodeFormatException(
              file, EpisodeLayout.camera(child.getKey()), "is a " + child.getValue().getType() + ", expected a camera dataset");
        }
        out.put(child.getKey(), CameraFrames.of(file, child.getKey(), ds, steps));
      }
    }
    if (out.isEmpty()) {
      throw new EpisodeFormatException(
          file, EpisodeLayout.IMAGES, "has no camera datasets; an episode needs at least one camera");
    }
    return Collections.unmodifiableSequencedMap(out);
  }

  private static float[][] copy(float[][] m) {
    float[][] c = new float[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }
}
