package org.chatvla4j.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The block outlines of Language-Table ({@code langtable-blocks.json}, taken from the original meshes), in the body
 * frame of the world: x forward, y left-handed as in {@link BlockPose}, metres, counter-clockwise.
 *
 * <p>The mesh is rotated +90° about x when it is placed, so a mesh point (mx, mz) of the top face lands at body
 * (mx, −mz); that reflection reverses the winding, which is undone here so every polygon stays counter-clockwise.
 */
public final class BlockOutlines {
  private static final Map<BlockShape, List<double[]>> TOP_FACE = new EnumMap<>(BlockShape.class);
  private static final Map<BlockShape, Double> FOOTPRINT_SCALE = new EnumMap<>(BlockShape.class);

  static {
    try (InputStream in = BlockOutlines.class.getResourceAsStream("langtable-blocks.json")) {
      if (in == null) {
        throw new IllegalStateException("langtable-blocks.json is missing from the jar");
      }
      JsonNode shapes = new ObjectMapper().readTree(in).get("shapes");
      for (BlockShape shape : BlockShape.values()) {
        JsonNode s = shapes.get(shape.word());
        List<double[]> pts = new ArrayList<>();
        for (JsonNode p : s.get("top_face_outline")) {
          pts.add(new double[] {p.get(0).asDouble(), -p.get(1).asDouble()});
        }
        java.util.Collections.reverse(pts);
        TOP_FACE.put(shape, List.copyOf(pts));
        FOOTPRINT_SCALE.put(shape, s.get("scale_top_face_to_footprint").asDouble());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BlockOutlines() {}

  /** Block height in metres (1.5 in). */
  public static final double HEIGHT = 0.0381;

  /** The flat top face, counter-clockwise, body frame. */
  public static List<double[]> topFace(BlockShape shape) {
    return TOP_FACE.get(shape);
  }

  /** The mid-height footprint: the top face scaled about the origin by the chamfer factor. */
  public static List<double[]> footprint(BlockShape shape) {
    double k = FOOTPRINT_SCALE.get(shape);
    return TOP_FACE.get(shape).stream().map(p -> new double[] {p[0] * k, p[1] * k}).toList();
  }
}
