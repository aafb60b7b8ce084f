package org.chatvla4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.junit.jupiter.api.Test;

class StateDictLoaderTest {
  static final class Net extends Module {
    final Linear qProj;
    final Linear oProj;

    Net(Init init) {
      Module attn = register("model", new Module() {}).register("self_attn", new Module() {});
      qProj = attn.register("q_proj", Linear.withBias(init, 4, 4));
      oProj = attn.register("o_proj", Linear.withoutBias(init, 4, 4));
    }
  }

  @Test
  void loadsWithDtypeCastAndBitwiseValues() {
    try (Scope s = Scope.open()) {
      Net src = new Net(Init.cpu(DType.F32, 1));
      Net dst = new Net(Init.cpu(DType.F32, 2));
      src.to(DType.BF16); // stored in bf16, loaded into f32: exact (bf16 ⊂ f32)
      StateDictLoader.load(dst, TensorMapSource.of(src), KeyMapping.identity());
      for (String n : dst.parameters().keySet()) {
        assertArrayEquals(Tensors.toFloats(src.parameters().get(n).tensor()), Tensors.toFloats(dst.parameters().get(n).tensor()), n);
        assertEquals(DType.F32, dst.parameters().get(n).dtype());
      }
    }
  }

  @Test
  void reportsEveryProblemAtOnceAndLeavesModuleUntouched() {
    try (Scope s = Scope.open()) {
      Net dst = new Net(Init.cpu(DType.F32, 2));
      float[] before = Tensors.toFloats(dst.qProj.weight());
      Map<String, Tensor> broken = new LinkedHashMap<>();
      broken.put("model.self_attn.q_proj.weight", Tensors.fromFloats(new float[16], 4, 4));
      broken.put("model.self_attn.q_proj.bias", Tensors.fromFloats(new float[3], 3)); // wrong shape
      broken.put("model.self_attn.k_proj.weight", Tensors.fromFloats(new float[16], 4, 4)); // unexpected
      // o_proj.weight missing
      var e = assertThrows(LoadReport.LoadException.class,
          () -> StateDictLoader.load(dst, new TensorMapSource("broken.safetensors", broken), KeyMapping.identity()));
      LoadReport r = e.report();
      assertEquals(List.of("model.self_attn.o_proj.weight [4, 4]"), r.missing());
      assertEquals(List.of("model.self_attn.k_proj.weight"), r.unexpected());
      assertEquals(List.of("model.self_attn.q_proj.bias: checkpoint [3], model [4]"), r.shapeMismatches());
      assertTrue(e.getMessage().startsWith("cannot load broken.safetensors: 1 missing, 1 unexpected, 1 shape mismatches"), e.getMessage());
      assertArrayEquals(before, Tensors.toFloats(dst.qProj.weight()), "nothing copied when the load is refused");
    }
  }

  @Test
  void newerTransformersLayoutMapsOntoOurs() {
    KeyMapping m = KeyMapping.qwen2Vl();
    assertEquals("model.layers.0.mlp.up_proj.weight", m.map("model.language_model.layers.0.mlp.up_proj.weight"));
    assertEquals("visual.blocks.3.attn.qkv.bias", m.map("model.visual.blocks.3.attn.qkv.bias"));
    assertEquals("lm_head.weight", m.map("lm_head.weight"));
    assertEquals("model.norm.weight", m.map("model.norm.weight"));
  }
}
