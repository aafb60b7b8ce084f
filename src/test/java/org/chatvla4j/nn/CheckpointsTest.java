package org.chatvla4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.chatvla4j.tensor.DType;
import org.chatvla4j.tensor.Scope;
import org.chatvla4j.tensor.Tensors;
import org.chatvla4j.weights.CheckpointFiles;
import org.chatvla4j.weights.SafetensorsDtype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  @Test
  void saveThenLoadIsBitwiseInEveryFloatDtype(@TempDir Path dir) throws Exception {
    for (DType dtype : new DType[] {DType.F32, DType.BF16, DType.F16}) {
      try (Scope s = Scope.open()) {
        StateDictLoaderTest.Net a = new StateDictLoaderTest.Net(Init.cpu(dtype, 3));
        StateDictLoaderTest.Net b = new StateDictLoaderTest.Net(Init.cpu(dtype, 4));
        Path ckpt = dir.resolve(dtype.name());
        Checkpoints.save(a, ckpt);
        try (CheckpointFiles files = CheckpointFiles.open(ckpt)) {
          assertEquals(SafetensorsDtype.valueOf(dtype.safetensorsName()), files.info("model.self_attn.q_proj.weight").dtype());
        }
        Checkpoints.load(b, ckpt, KeyMapping.identity());
        for (String n : a.parameters().keySet()) {
          assertArrayEquals(Tensors.toBytes(a.parameters().get(n).tensor()).array(), Tensors.toBytes(b.parameters().get(n).tensor()).array(), n);
        }
      }
    }
  }

  @Test
  void shardedSaveLoads(@TempDir Path dir) throws Exception {
    try (Scope s = Scope.open()) {
      StateDictLoaderTest.Net a = new StateDictLoaderTest.Net(Init.cpu(DType.F32, 3));
      Checkpoints.save(a, dir, Map.of("format", "pt"), 64); // one tensor per shard
      assertTrue(Files.exists(dir.resolve("model.safetensors.index.json")));
      StateDictLoaderTest.Net b = new StateDictLoaderTest.Net(Init.cpu(DType.F32, 4));
      Checkpoints.load(b, dir, KeyMapping.identity());
      assertArrayEquals(Tensors.toFloats(a.oProj.weight()), Tensors.toFloats(b.oProj.weight()));
    }
  }

  @Test
  void checkpointOfAnotherModelFailsWithFullReport(@TempDir Path dir) throws Exception {
    try (Scope s = Scope.open()) {
      ModuleTest.Stack other = new ModuleTest.Stack(Init.cpu(DType.F32, 0), 1);
      Checkpoints.save(other, dir);
      StateDictLoaderTest.Net net = new StateDictLoaderTest.Net(Init.cpu(DType.F32, 4));
      var e = assertThrows(LoadReport.LoadException.class, () -> Checkpoints.load(net, dir, KeyMapping.identity()));
      assertEquals(3, e.report().missing().size());
      assertEquals(4, e.report().unexpected().size());
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }
  }
}
