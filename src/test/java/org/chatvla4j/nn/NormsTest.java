package org.chatvla4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

class NormsTest {
  @Test
  void rmsNormMatchesClosedForm() {
    try (Scope s = Scope.open()) {
      RmsNorm norm = new RmsNorm(Init.cpu(DType.F32, 0), 4, 1e-6);
      Tensor w = norm.parameters().get("weight").tensor();
      w.detach().copy_(Tensors.fromFloats(new float[] {1, 2, 0.5f, -1}, 4));
      float[] x = {1, -2, 3, 4};
      double rms = Math.sqrt((1 + 4 + 9 + 16) / 4.0 + 1e-6);
      float[] y = Tensors.toFloats(norm.forward(Tensors.fromFloats(x, 1, 4)));
      double[] wv = {1, 2, 0.5, -1};
      for (int i = 0; i < 4; i++) {
        assertEquals(x[i] / rms * wv[i], y[i], 1e-6);
      }
    }
  }

  @Test
  void rmsNormInBf16NormalisesInFloat32() {
    try (Scope s = Scope.open()) {
      RmsNorm norm = new RmsNorm(Init.cpu(DType.BF16, 0), 2, 1e-6);
      Tensor x = Tensors.fromFloats(new float[] {3, 4}, 1, 2).to(DType.BF16.scalarType());
      float[] y = Tensors.toFloats(norm.forward(x));
      double rms = Math.sqrt(12.5);
      assertEquals(3 / rms, y[0], 1e-2); // bf16 output: 8 mantissa bits
      assertEquals(4 / rms, y[1], 1e-2);
      assertEquals(DType.BF16, DType.of(norm.forward(x).scalar_type()));
    }
  }

  @Test
  void layerNormMatchesClosedForm() {
    try (Scope s = Scope.open()) {
      LayerNorm ln = LayerNorm.affine(Init.cpu(DType.F32, 0), 3, 1e-6);
      ln.parameters().get("weight").tensor().detach().copy_(Tensors.fromFloats(new float[] {2, 1, 1}, 3));
      ln.parameters().get("bias").tensor().detach().copy_(Tensors.fromFloats(new float[] {0, 0, 1}, 3));
      float[] y = Tensors.toFloats(ln.forward(Tensors.fromFloats(new float[] {1, 2, 6}, 1, 3)));
      double mean = 3;
      double var = (4 + 1 + 9) / 3.0;
      double sd = Math.sqrt(var + 1e-6);
      assertEquals(2 * (1 - mean) / sd, y[0], 1e-5);
      assertEquals((2 - mean) / sd, y[1], 1e-5);
      assertEquals((6 - mean) / sd + 1, y[2], 1e-5);
    }
  }
}
