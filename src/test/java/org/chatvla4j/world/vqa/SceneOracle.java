package org.chatvla4j.world.vqa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chatvla4j.world.BlockId;
import org.chatvla4j.world.BlockPose;
import org.chatvla4j.world.SceneState;

/**
 * Answers generated questions from the scene geometry and the question's params alone, without SceneFacts or the
 * program executor, and asserts the clearance the generator promises (no involved pair within the margins).
 */
final class SceneOracle {
  static final double EPS = 0.02, MARGIN = 0.03, REGION_MARGIN = 0.02, CLOSEST_MARGIN = 0.02;
  static final double NEXT_TO = 0.05, NEXT_TO_MARGIN = 0.005;
  static final double HEADING_MARGIN_DEGREES = 10, HEADING_MIN_DISTANCE = 0.05;
  /** Board headings anticlockwise from "right" (+y), 45° sectors; up = −x. */
  static final List<String> HEADINGS = List.of("right", "up and right", "up", "up and left", "left", "down and left",
      "down", "down and right");

  private final SceneState scene;
  private final Question q;
  private final Map<String, String> p;

  private SceneOracle(SceneState scene, Question q) {
    this.scene = scene;
    this.q = q;
    this.p = q.params();
  }

  /** The expected answer; also checks phrases and clearance. */
  static String answer(SceneState scene, Question q) {
    return new SceneOracle(scene, q).answer();
  }

  private String answer() {
    return switch (q.templateId()) {
      case "query_color" -> ref("ref").id().color().word();
      case "query_shape" -> ref("ref").id().shape().word();
      case "exist" -> yesNo(!matching("filter").isEmpty());
      case "count" -> Integer.toString(matching("filter").size());
      case "compare_more", "compare_fewer", "compare_equal" -> {
        int a = matching("filter1").size(), b = matching("filter2").size();
        yield yesNo(switch (q.templateId()) {
          case "compare_more" -> a > b;
          case "compare_fewer" -> a < b;
          default -> a == b;
        });
      }
      case "same_color_exist", "same_color_count", "same_shape_exist", "same_shape_count" -> {
        BlockPose r = ref("ref");
        boolean color = q.templateId().startsWith("same_color");
        int n = 0;
        for (BlockPose b : scene.blocks()) {
          if (b != r && (color ? b.id().color() == r.id().color() : b.id().shape() == r.id().shape())) {
            n++;
          }
        }
        yield q.templateId().endsWith("exist") ? yesNo(n > 0) : Integer.toString(n);
      }
      case "equal_color" -> yesNo(ref("ref").id().color() == ref("ref2").id().color());
      case "equal_shape" -> yesNo(ref("ref").id().shape() == ref("ref2").id().shape());
      case "relate_query_color", "relate_query_shape", "relate_count", "relate_exist" ->
          endOfHop(related(ref("ref"), p.get("relation"), "filter"));
      case "two_hop_query_color", "two_hop_query_shape", "two_hop_count", "two_hop_exist" -> {
        List<BlockPose> mid = related(ref("ref"), p.get("relation1"), "filter1");
        assertEquals(1, mid.size(), "first hop must name one block: " + q.text());
        yield endOfHop(related(mid.get(0), p.get("relation2"), "filter2"));
      }
      case "pair_relation" -> {
        double off = offset(ref("ref2"), ref("ref"), p.get("relation"));
        assertTrue(Math.abs(off) >= MARGIN, "pair too close to level: " + off + " in " + q.text());
        yield yesNo(off > EPS);
      }
      case "region_query" -> {
        BlockPose b = ref("ref");
        assertTrue(clearOfRegionBoundaries(b), "region boundary within the margin: " + q.text());
        yield region(b.x(), b.y()).replace('_', ' ');
      }
      case "region_check" -> {
        BlockPose b = ref("ref");
        boolean in = region(b.x(), b.y()).equals(p.get("region"));
        assertTrue(in ? clearOfRegionBoundaries(b) : !nearRegion(b, p.get("region")), q.text());
        yield yesNo(in);
      }
      case "region_count" -> {
        int n = 0;
        for (BlockPose b : scene.blocks()) {
          boolean in = region(b.x(), b.y()).equals(p.get("region"));
          assertTrue(in ? clearOfRegionBoundaries(b) : !nearRegion(b, p.get("region")), q.text() + " / " + b.id());
          n += in ? 1 : 0;
        }
        yield Integer.toString(n);
      }
      case "closest_block" -> nearest(ref("ref").x(), ref("ref").y(), ref("ref"));
      case "closest_to_arm" -> nearest(scene.effectorX(), scene.effectorY(), null);
      case "next_to" -> {
        double d = ref("ref").distanceTo(ref("ref2"));
        assertTrue(Math.abs(d - NEXT_TO) >= NEXT_TO_MARGIN, "distance " + d + " at the threshold: " + q.text());
        yield yesNo(d < NEXT_TO);
      }
      case "next_to_count" -> {
        BlockPose r = ref("ref");
        int n = 0;
        for (BlockPose b : scene.blocks()) {
          if (b != r) {
            double d = r.distanceTo(b);
            assertTrue(Math.abs(d - NEXT_TO) >= NEXT_TO_MARGIN, "distance " + d + " at the threshold: " + q.text());
            n += d < NEXT_TO ? 1 : 0;
          }
        }
        yield Integer.toString(n);
      }
      case "arm_direction" -> headingFromArm(ref("ref"));
      default -> throw new AssertionError("no oracle for template " + q.templateId());
    };
  }

  private String endOfHop(List<BlockPose> kept) {
    String id = q.templateId();
    if (id.endsWith("query_color") || id.endsWith("query_shape")) {
      assertEquals(1, kept.size(), "a query must name one block: " + q.text());
      return id.endsWith("color") ? kept.get(0).id().color().word() : kept.get(0).id().shape().word();
    }
    return id.endsWith("count") ? Integer.toString(kept.size()) : yesNo(!kept.isEmpty());
  }

  /**
   * Blocks other than the anchor that match the filter and lie more than eps in the direction. For count and query
   * questions every matching block must be clear of level (≥ margin either way); for exist, the answer must not
   * hinge on a near-level block.
   */
  private List<BlockPose> related(BlockPose anchor, String relation, String filterPrefix) {
    List<BlockPose> kept = new ArrayList<>();
    boolean anyClearlyIn = false, anyNearLevel = false;
    for (BlockPose b : matching(filterPrefix)) {
      if (b == anchor) {
        continue;
      }
      double off = offset(anchor, b, relation);
      if (off > EPS) {
        kept.add(b);
      }
      anyClearlyIn |= off >= MARGIN;
      anyNearLevel |= Math.abs(off) < MARGIN;
    }
    boolean exist = q.templateId().endsWith("exist");
    if (anyNearLevel && !(exist && anyClearlyIn)) {
      fail("a block near level with its anchor decides '" + q.text() + "'");
    }
    return kept;
  }

  /** How far b is from a in the named direction (left = −y, above = −x). */
  private static double offset(BlockPose a, BlockPose b, String relation) {
    return switch (relation) {
      case "left" -> a.y() - b.y();
      case "right" -> b.y() - a.y();
      case "above" -> a.x() - b.x();
      case "below" -> b.x() - a.x();
      default -> throw new AssertionError(relation);
    };
  }

  private List<BlockPose> matching(String prefix) {
    String color = p.get(prefix + "_color");
    String shape = p.get(prefix + "_shape");
    List<BlockPose> out = new ArrayList<>();
    for (BlockPose b : scene.blocks()) {
      if ((color.isEmpty() || b.id().color().word().equals(color)) && (shape.isEmpty() || b.id().shape().word().equals(shape))) {
        out.add(b);
      }
    }
    String phrase = (color.isEmpty() ? "" : color + " ") + (shape.isEmpty() ? "block" : shape);
    assertTrue(q.text().contains(phrase), "'" + q.text() + "' should say '" + phrase + "'");
    return out;
  }

  /**
   * The block a referring expression names: the phrase must occur in the text and pick exactly the named block,
   * by Language-Table's rule ("red block" = the only red one, "moon" = the only moon, "red moon").
   */
  private BlockPose ref(String key) {
    BlockId id = BlockId.parse(p.get(key));
    String phrase = p.get(key + "_phrase");
    assertTrue(q.text().contains("the " + phrase), "'" + q.text() + "' should name 'the " + phrase + "'");
    String[] words = phrase.split(" ");
    List<BlockPose> named = new ArrayList<>();
    for (BlockPose b : scene.blocks()) {
      boolean match = words.length == 2
          ? b.id().color().word().equals(words[0]) && (words[1].equals("block") || b.id().shape().word().equals(words[1]))
          : b.id().shape().word().equals(words[0]);
      if (match) {
        named.add(b);
      }
    }
    assertEquals(1, named.size(), "'" + phrase + "' must name exactly one block");
    assertEquals(id, named.get(0).id());
    return named.get(0);
  }

  private String nearest(double x, double y, BlockPose exclude) {
    double best = Double.POSITIVE_INFINITY, second = Double.POSITIVE_INFINITY;
    BlockPose winner = null;
    for (BlockPose b : scene.blocks()) {
      if (b == exclude) {
        continue;
      }
      double d = b.distanceTo(x, y);
      if (d < best) {
        second = best;
        best = d;
        winner = b;
      } else if (d < second) {
        second = d;
      }
    }
    assertTrue(second - best >= CLOSEST_MARGIN, "runner-up within the margin: " + q.text());
    return winner.id().words();
  }

  /**
   * The heading of (block − arm): the sector its angle falls in, counted from the edge at −22.5° below "right". The
   * block must be at least 5 cm from the arm and 10° from both edges of its sector.
   */
  private String headingFromArm(BlockPose b) {
    double dx = b.x() - scene.effectorX(), dy = b.y() - scene.effectorY();
    assertTrue(Math.hypot(dx, dy) >= HEADING_MIN_DISTANCE, "block within 5 cm of the arm: " + q.text());
    double fromEdge = ((Math.toDegrees(Math.atan2(-dx, dy)) + 22.5) % 360 + 360) % 360;
    int sector = (int) (fromEdge / 45);
    double intoSector = fromEdge - 45 * sector;
    assertTrue(intoSector >= HEADING_MARGIN_DEGREES && 45 - intoSector >= HEADING_MARGIN_DEGREES,
        intoSector + "° into its sector, within the margin of an edge: " + q.text());
    return HEADINGS.get(sector);
  }

  /** 3 × 3 split at x = 0.2375, 0.4625 and y = ±0.1524 (nearest block2absolutelocation anchor). */
  static String region(double x, double y) {
    String row = x < 0.2375 ? "top" : x < 0.4625 ? "center" : "bottom";
    String col = y < -0.1524 ? "left" : y < 0.1524 ? "" : "right";
    if (row.equals("center") && col.isEmpty()) {
      return "center";
    }
    return col.isEmpty() ? row : row + "_" + col;
  }

  static boolean clearOfRegionBoundaries(BlockPose b) {
    for (double[] d : new double[][] {{-REGION_MARGIN, 0}, {REGION_MARGIN, 0}, {0, -REGION_MARGIN}, {0, REGION_MARGIN}}) {
      if (!region(b.x() + d[0], b.y() + d[1]).equals(region(b.x(), b.y()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the block would be in the region if moved by less than the margin along an axis or diagonally. */
  static boolean nearRegion(BlockPose b, String region) {
    double m = REGION_MARGIN * 0.999;
    for (double dx : new double[] {-m, 0, m}) {
      for (double dy : new double[] {-m, 0, m}) {
        if (region(b.x() + dx, b.y() + dy).equals(region)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }
}
