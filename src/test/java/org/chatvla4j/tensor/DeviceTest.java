package org.chatvla4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code --device} parsing, its errors, the CUDA probe's reasons on the CPU build, and CPU placement copying nothing. */
class DeviceTest {
  @Test
  void parsesTheThreeFormsAndPrintsThemBack() {
    assertEquals(Device.CPU, Device.parse("cpu"));
    assertEquals(Device.CPU, Device.parse(" CPU "));
    assertEquals(new Device(Device.Type.CUDA, -1), Device.parse("cuda"));
    assertEquals(Device.cuda(0), Device.parse("cuda:0"));
    assertEquals(Device.cuda(3), Device.parse("Cuda:3"));
    for (String s : List.of("cpu", "cuda", "cuda:0", "cuda:12")) {
      assertEquals(s, Device.parse(s).toString());
      assertEquals(Device.parse(s), Device.parse(Device.parse(s).toString()), "round trip of " + s);
    }
  }

  @Test
  void refusesEverythingElseNamingTheForms() {
    for (String s : List.of("", "gpu", "cuda:", "cuda:-1", "cuda:x", "cuda:0:1", "cpu:0", "mps", "cuda 0", "cuda:99999")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse(s), s);
      assertEquals("--device must be cpu, cuda or cuda:N (N = 0, 1, ...), got '" + s + "'", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new Device(Device.Type.CPU, 0));
    assertThrows(IllegalArgumentException.class, () -> Device.cuda(-1));
  }

  @Test
  void plainCudaTakesTheLocalRanksIndexAndExplicitOnesStay() {
    assertEquals(Device.cuda(2), Device.parse("cuda").withDefaultIndex(2));
    assertEquals(Device.cuda(1), Device.parse("cuda:1").withDefaultIndex(2));
    assertEquals(Device.CPU, Device.CPU.withDefaultIndex(2));
    assertTrue(Device.parse("cuda").holds(Device.cuda(5)));
    assertTrue(!Device.cuda(0).holds(Device.cuda(1)) && !Device.cuda(0).holds(Device.CPU));
  }

  @Test
  void theCpuIsAlwaysAvailableAndPlacingThereCopiesNothing() {
    assertTrue(Device.CPU.unavailableReason().isEmpty());
    try (Scope s = Scope.open()) {
      Tensor t = Tensors.fromFloats(new float[] {1, 2, 3}, 3);
      assertSame(t, Device.CPU.place(t));
      assertEquals(Device.CPU, Device.of(t));
      assertSame(t, Tensors.onDeviceOf(t, Tensors.fromLongs(new long[] {1}, 1)));
    }
  }

  @Test
  @DisplayName("CPU build: cuda is refused with the fix (SKIPPED where a GPU build sees a GPU)")
  void cudaOnTheCpuBuildNamesTheGpuProfile() {
    Assumptions.assumeFalse(Device.cudaAvailable(), "a CUDA device is available: nothing to refuse");
    String why = Device.parse("cuda").unavailableReason().orElseThrow();
    assertTrue(why.contains("mvn -Pgpu") || why.contains("no CUDA device is visible"), why);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Device.cuda(0).requireAvailable("--device"));
    assertTrue(e.getMessage().startsWith("--device cuda:0 cannot run here: "), e.getMessage());
  }

  @Test
  @DisplayName("GPU: a tensor placed on cuda:0 reports it and comes back equal (SKIPPED: needs a GPU build and a GPU)")
  void roundTripThroughTheGpu() {
    Assumptions.assumeTrue(Device.cudaAvailable(), "no GPU on this machine");
    try (Scope s = Scope.open()) {
      Tensor t = Tensors.fromFloats(new float[] {1.5f, -2, 3}, 3);
      Tensor g = Device.cuda(0).place(t);
      assertEquals(Device.cuda(0), Device.of(g));
      assertSame(g, Device.cuda(0).place(g));
      assertEquals(List.of(1.5f, -2f, 3f), List.of(Tensors.toFloats(g)[0], Tensors.toFloats(g)[1], Tensors.toFloats(g)[2]));
    }
  }
}
