package org.chatvla4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.chatvla4j.model.ChatVla;
import org.chatvla4j.model.TrainingBatch;
import org.chatvla4j.nn.Parameter;
import org.chatvla4j.tensor.Device;
import org.chatvla4j.tensor.Scope;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device placement of the whole model and of each batch, and training on an explicit device: on the CPU bitwise the
 * default path; on CUDA (GPU build with a GPU only; skipped elsewhere) within 1e-3 of the CPU's losses.
 */
class DevicePlacementTest {
  @TempDir Path tmp;

  /** The two-expert tiny model with an action head: ViT, decoder, both experts, projectors, FiLM and the ScaleDP head. */
  private static ChatVla tinyVla() throws java.io.IOException {
    return InitialModel.create(ModelSpec.preset("tiny"), 7);
  }

  @Test
  @DisplayName("CPU: every parameter, buffer and batch tensor is on the chosen device, parameters keep their identity")
  void placesEverythingOnTheCpu() throws Exception {
    checkPlacement(Device.CPU);
  }

  @Test
  @DisplayName("GPU: every parameter, buffer and batch tensor is on cuda:0 (SKIPPED: needs the -Pgpu build and a GPU)")
  void placesEverythingOnCuda() throws Exception {
    Assumptions.assumeTrue(Device.cudaAvailable(), "no GPU on this machine");
    checkPlacement(Device.cuda(0));
  }

  private void checkPlacement(Device device) throws Exception {
    try (Scope s = Scope.open()) {
      ChatVla vla = tinyVla();
      Map<String, Parameter> before = vla.model().parameters();
      Map<String, float[]> values = TrainerFixtures.snapshot(vla);
      Map<Tensor, String> identity = new IdentityHashMap<>();
      before.forEach((n, p) -> identity.put(p.tensor(), n));
      assertTrue(vla.model().config().moe().usingMoe() && vla.model().config().actionHead().isPresent(), "two experts + action head");

      vla.to(device);

      Map<String, Parameter> after = vla.model().parameters();
      assertEquals(before.keySet(), after.keySet());
      for (Parameter p : after.values()) {
        assertEquals(device, Device.of(p.tensor()), p.name());
        assertSame(before.get(p.name()).tensor(), p.tensor(), p.name() + " is still the tensor the layers and optimizer hold");
      }
      assertTrue(after.keySet().stream().anyMatch(n -> n.startsWith("policy_head.")), "ScaleDP head is among them");
      assertTrue(after.keySet().stream().anyMatch(n -> n.contains("static_expert.experts.1.")), "expert 1 is among them");
      assertTrue(after.keySet().stream().anyMatch(n -> n.startsWith("reasoning_film.")), "FiLM is among them");
      assertEquals(List.of("visual.rotary_pos_emb.inv_freq", "model.rotary_emb.inv_freq"), List.copyOf(vla.model().buffers().keySet()));
      vla.model().buffers().forEach((n, b) -> assertEquals(device, Device.of(b), n));
      assertEquals(device, vla.model().device());
      values.forEach((n, v) -> assertArrayEquals(v, TrainerFixtures.snapshot(vla).get(n), n + " kept its values"));

      DataSpec mixed = TrainerFixtures.twoStages(1, 1).stages().get(1).data().resolve(TrainerFixtures.dataRoot(tmp.resolve("data")));
      TrainingBatch cpu = InMemoryBatches.factory().open(mixed, vla, 4, 1, java.util.Optional.empty()).next();
      TrainingBatch batch = cpu.to(device);
      List<Tensor> tensors = new ArrayList<>(List.of(batch.inputs().inputIds(), batch.inputs().attentionMask(),
          batch.inputs().pixelValues(), batch.inputs().imageGridThw(), batch.labels()));
      assertTrue(batch.robot().isPresent(), "the batch has robot rows");
      batch.robot().ifPresent(r -> tensors.addAll(List.of(r.actions(), r.isPad(), r.state())));
      for (Tensor t : tensors) {
        assertEquals(device, Device.of(t));
      }
      if (!device.isCuda()) {
        assertSame(cpu, batch, "a CPU batch is not copied");
      }
    }
  }

  @Test
  @DisplayName("CPU: training with an explicit device cpu is bitwise the default path")
  void explicitCpuTrainsBitwiseLikeTheDefault() throws Exception {
    try (Scope s = Scope.open()) {
      Recipe recipe = TrainerFixtures.twoStages(2, 1);
      Path data = TrainerFixtures.dataRoot(tmp.resolve("data"));
      TrainingResult plain = new Trainer(TrainerFixtures.setup(recipe, data, tmp.resolve("plain"), TrainingProgress.silent())).start();
      TrainingResult cpu = new Trainer(new TrainingSetup(recipe, data, tmp.resolve("cpu"), InMemoryBatches.factory(), List.of(),
          TrainingProgress.silent(), Device.parse("cpu"))).start();
      Map<String, float[]> a = TrainerFixtures.snapshot(plain.model());
      Map<String, float[]> b = TrainerFixtures.snapshot(cpu.model());
      a.forEach((n, v) -> assertArrayEquals(v, b.get(n), n));
      List<StepMetrics> x = losses(tmp.resolve("plain"));
      List<StepMetrics> y = losses(tmp.resolve("cpu"));
      assertEquals(3, x.size());
      for (int i = 0; i < x.size(); i++) {
        assertEquals(x.get(i).loss(), y.get(i).loss(), "loss of step " + (i + 1));
        assertEquals(x.get(i).gradNorm(), y.get(i).gradNorm(), "grad norm of step " + (i + 1));
      }
    }
  }

  @Test
  @DisplayName("GPU: 3 training steps on cuda:0 match the CPU's losses within 1e-3 (SKIPPED: needs the -Pgpu build and a GPU)")
  void threeStepsOnCudaMatchTheCpu() throws Exception {
    Assumptions.assumeTrue(Device.cudaAvailable(), "no GPU on this machine");
    try (Scope s = Scope.open()) {
      Recipe recipe = TrainerFixtures.twoStages(2, 1);
      Path data = TrainerFixtures.dataRoot(tmp.resolve("data"));
      new Trainer(TrainerFixtures.setup(recipe, data, tmp.resolve("cpu"), TrainingProgress.silent())).start();
      TrainingResult gpu = new Trainer(new TrainingSetup(recipe, data, tmp.resolve("gpu"), InMemoryBatches.factory(), List.of(),
          TrainingProgress.silent(), Device.cuda(0))).start();
      assertEquals(Device.cuda(0), gpu.model().model().device());
      List<StepMetrics> x = losses(tmp.resolve("cpu"));
      List<StepMetrics> y = losses(tmp.resolve("gpu"));
      assertEquals(3, y.size());
      for (int i = 0; i < x.size(); i++) {
        assertEquals(x.get(i).loss(), y.get(i).loss(), 1e-3, "loss of step " + (i + 1));
        assertEquals(x.get(i).actionLoss(), y.get(i).actionLoss(), 1e-3, "action loss of step " + (i + 1));
      }
      // The checkpoint was written from the GPU (pulled to the CPU) and resumes there: the optimizer moments go back.
      TrainingCheckpoint.Loaded ck = TrainingCheckpoint.read(new CheckpointStore(tmp.resolve("gpu")).latest().orElseThrow());
      Map<String, float[]> w = TrainerFixtures.snapshot(gpu.model());
      TrainerFixtures.snapshot(ck.model()).forEach((n, v) -> assertArrayEquals(w.get(n), v, n));
    }
  }

  private List<StepMetrics> losses(Path run) throws java.io.IOException {
    return MetricsLog.restore(tmp.resolve(run.getFileName() + "-x.jsonl"), run.resolve("metrics.jsonl")).steps();
  }
}
