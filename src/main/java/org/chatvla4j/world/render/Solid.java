package org.chatvla4j.world.render;

import java.util.ArrayList;
import java.util.List;
import org.chatvla4j.world.BlockOutlines;
import org.chatvla4j.world.BlockShape;

/**
 * A polyhedron in its body frame (metres, z up) as planar faces with outward unit normals, each face's vertices
 * counter-clockwise seen from outside. Bottom faces are left out: both cameras look down on the table.
 */
final class Solid {
  /** Height where a block's straight wall ends and its top chamfer begins (mesh levels, tabletop-benchmark.md §2). */
  static final double CHAMFER_START = 0.03607;

  final double[] x;
  final double[] y;
  final double[] z;
  final int[][] faces;
  final double[] normalX;
  final double[] normalY;
  final double[] normalZ;

  private Solid(List<double[]> vertices, List<int[]> faceList) {
    int n = vertices.size();
    x = new double[n];
    y = new double[n];
    z = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = vertices.get(i)[0];
      y[i] = vertices.get(i)[1];
      z[i] = vertices.get(i)[2];
    }
    faces = faceList.toArray(new int[0][]);
    normalX = new double[faces.length];
    normalY = new double[faces.length];
    normalZ = new double[faces.length];
    for (int f = 0; f < faces.length; f++) {
      newellNormal(faces[f], f);
    }
  }

  int vertexCount() {
    return x.length;
  }

  int maxFaceVertices() {
    int m = 0;
    for (int[] f : faces) {
      m = Math.max(m, f.length);
    }
    return m;
  }

  /**
   * A block: straight walls on the mid-height footprint from the table to {@link #CHAMFER_START}, a chamfer band up to
   * the smaller top face, and the top face at {@link BlockOutlines#HEIGHT}. Rings are the footprint at z = 0, the
   * footprint at the chamfer start and the top outline, vertex i of each lying on one ray from the body origin.
   */
  static Solid block(BlockShape shape) {
    List<double[]> top = BlockOutlines.topFace(shape);
    List<double[]> foot = BlockOutlines.footprint(shape);
    if (signedArea(top) <= 0) {
      throw new IllegalStateException("outline of " + shape + " is not counter-clockwise");
    }
    int n = top.size();
    List<double[]> v = new ArrayList<>(3 * n);
    for (double[] p : foot) {
      v.add(new double[] {p[0], p[1], 0});
    }
    for (double[] p : foot) {
      v.add(new double[] {p[0], p[1], CHAMFER_START});
    }
    for (double[] p : top) {
      v.add(new double[] {p[0], p[1], BlockOutlines.HEIGHT});
    }
    List<int[]> faces = new ArrayList<>(2 * n + 1);
    int[] cap = new int[n];
    for (int i = 0; i < n; i++) {
      cap[i] = 2 * n + i;
    }
    faces.add(cap);
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      faces.add(new int[] {i, j, n + j, n + i});
      faces.add(new int[] {n + i, n + j, 2 * n + j, 2 * n + i});
    }
    return new Solid(v, faces);
  }

  /** A vertical cylinder approximated by a regular prism with {@code sides} faces and a top cap. */
  static Solid cylinder(double radius, double bottom, double top, int sides) {
    List<double[]> v = new ArrayList<>(2 * sides);
    for (int k = 0; k < 2; k++) {
      double h = k == 0 ? bottom : top;
      for (int i = 0; i < sides; i++) {
        double a = 2 * Math.PI * i / sides;
        v.add(new double[] {radius * Math.cos(a), radius * Math.sin(a), h});
      }
    }
    List<int[]> faces = new ArrayList<>(sides + 1);
    int[] cap = new int[sides];
    for (int i = 0; i < sides; i++) {
      cap[i] = sides + i;
    }
    faces.add(cap);
    for (int i = 0; i < sides; i++) {
      int j = (i + 1) % sides;
      faces.add(new int[] {i, j, sides + j, sides + i});
    }
    return new Solid(v, faces);
  }

  static double signedArea(List<double[]> ring) {
    double a = 0;
    for (int i = 0; i < ring.size(); i++) {
      double[] p = ring.get(i);
      double[] q = ring.get((i + 1) % ring.size());
      a += p[0] * q[1] - q[0] * p[1];
    }
    return a / 2;
  }

  private void newellNormal(int[] face, int f) {
    // Newell's method is exact for planar polygons and robust for the concave top faces of the moon and star.
    double nx = 0, ny = 0, nz = 0;
    for (int i = 0; i < face.length; i++) {
      int a = face[i];
      int b = face[(i + 1) % face.length];
      nx += (y[a] - y[b]) * (z[a] + z[b]);
      ny += (z[a] - z[b]) * (x[a] + x[b]);
      nz += (x[a] - x[b]) * (y[a] + y[b]);
    }
    double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (len == 0) {
      throw new IllegalStateException("degenerate face " + f);
    }
    normalX[f] = nx / len;
    normalY[f] = ny / len;
    normalZ[f] = nz / len;
  }
}
