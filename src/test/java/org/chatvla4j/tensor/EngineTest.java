package org.chatvla4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class EngineTest {
  @Test
  void mklIsTheActiveBlas() {
    Engine.EngineInfo info = Engine.start();
    assertEquals(Engine.Blas.MKL, info.blas(), "MKL must be mapped, not OpenBLAS: " + info);
    assertEquals(info.threads(), torch.get_num_threads());
    assertTrue(info.threads() >= 1);
  }

  @Test
  void matmulThroughBlasIsCorrect() {
    try (Scope s = Scope.open()) {
      Tensor a = Tensors.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
      Tensor b = Tensors.fromFloats(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
      // [[1,2,3],[4,5,6]] · [[7,8],[9,10],[11,12]] = [[58,64],[139,154]]
      org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {58, 64, 139, 154}, Tensors.toFloats(a.matmul(b)));
    }
  }

  @Test
  void scopeKeepHandsTensorToParent() {
    Tensor kept;
    try (Scope outer = Scope.open()) {
      try (Scope inner = Scope.open()) {
        kept = inner.keep(Tensors.fromFloats(new float[] {1, 2, 3}, 3).mul(Tensors.scalar(2)));
      }
      assertEquals(12f, kept.sum().item_float());
    }
    assertTrue(kept.isNull(), "freed when the outer scope closed");
  }

  @Test
  void threadsSettingRejectsGarbage() {
    System.setProperty("chatvla.threads", "zero");
    try {
      var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, Engine::configuredThreads);
      assertTrue(e.getMessage().contains("zero"));
    } finally {
      System.clearProperty("chatvla.threads");
    }
  }
}
